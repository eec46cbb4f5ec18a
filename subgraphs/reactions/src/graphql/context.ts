import type { CommandPipeline } from '@agora/context-runtime';
import type { BaseContext } from '@agora/service-kit';
import type { TransactionScope } from '../application/ports';
import type { ReactionsLoaders } from './loaders';

/** Per-request context: the verified viewer (service-kit), fresh DataLoaders, the command pipeline. */
export interface ReactionsContext extends BaseContext {
  commands: CommandPipeline<TransactionScope>;
  /** Per request: batching and caching live only as long as one operation. */
  loaders: ReactionsLoaders;
}

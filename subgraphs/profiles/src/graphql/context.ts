import type { CommandPipeline } from '@agora/context-runtime';
import type { BaseContext } from '@agora/service-kit';
import type { TransactionScope } from '../application/ports';
import type { Loaders } from './loaders';

/** Per-request context: the verified viewer (service-kit), fresh DataLoaders, the command pipeline. */
export interface ProfilesContext extends BaseContext {
  loaders: Loaders;
  commands: CommandPipeline<TransactionScope>;
}

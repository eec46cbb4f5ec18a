import type { CommandPipeline } from '@agora/context-runtime';
import type { BaseContext } from '@agora/service-kit';
import type { TransactionScope } from '../application/ports';

/** Per-request context: the verified viewer (service-kit) and the command pipeline (add DataLoaders here). */
export interface MediaContext extends BaseContext {
  commands: CommandPipeline<TransactionScope>;
}

import type { CommandPipeline } from '@agora/context-runtime';
import type { BaseContext } from '@agora/service-kit';
import type { TransactionScope } from '../application/ports';
import type { ModerationLoaders } from './loaders';
import type { PrismaModerationQueries } from '../infrastructure/prisma-moderation.queries';

/** Per-request context: the verified viewer (service-kit), fresh DataLoaders, the queries and the command pipeline. */
export interface ModerationContext extends BaseContext {
  commands: CommandPipeline<TransactionScope>;
  loaders: ModerationLoaders;
  queries: PrismaModerationQueries;
}

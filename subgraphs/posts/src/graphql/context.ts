import type { CommandPipeline } from '@agora/context-runtime';
import type { BaseContext } from '@agora/service-kit';
import type { TransactionScope } from '../application/ports';
import type { PrismaPostQueries } from '../infrastructure/prisma-post.queries';
import type { PostLoaders } from './loaders';

/** Per-request context: the verified viewer (service-kit), the command pipeline, the read side, fresh DataLoaders. */
export interface PostsContext extends BaseContext {
  commands: CommandPipeline<TransactionScope>;
  queries: PrismaPostQueries;
  /** Per request: batching and caching live only as long as one operation. */
  loaders: PostLoaders;
}

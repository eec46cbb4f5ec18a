import type { BaseContext } from '@agora/service-kit';
import type { DeletePostHandler } from '../application/delete-post/delete-post.handler';
import type { EditPostHandler } from '../application/edit-post/edit-post.handler';
import type { PublishPostHandler } from '../application/publish-post/publish-post.handler';
import type { PrismaPostQueries } from '../infrastructure/prisma-post.queries';
import type { PostLoaders } from './loaders';

/** Use cases, built once per process. */
export interface PostCommands {
  publishPost: PublishPostHandler;
  editPost: EditPostHandler;
  deletePost: DeletePostHandler;
}

export interface PostsContext extends BaseContext {
  commands: PostCommands;
  queries: PrismaPostQueries;
  /** Per request: batching and caching live only as long as one operation. */
  loaders: PostLoaders;
}

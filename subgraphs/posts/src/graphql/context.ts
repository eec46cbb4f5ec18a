import type { BaseContext } from '@agora/service-kit';
import type { ChangePostVisibilityHandler } from '../application/change-post-visibility/change-post-visibility.handler';
import type { DeletePostHandler } from '../application/delete-post/delete-post.handler';
import type { EditPostHandler } from '../application/edit-post/edit-post.handler';
import type { PublishPostHandler } from '../application/publish-post/publish-post.handler';
import type { SetPostCommentsDisabledHandler } from '../application/set-post-comments-disabled/set-post-comments-disabled.handler';
import type { PrismaPostQueries } from '../infrastructure/prisma-post.queries';
import type { PostLoaders } from './loaders';

/** Use cases, built once per process. */
export interface PostCommands {
  publishPost: PublishPostHandler;
  editPost: EditPostHandler;
  deletePost: DeletePostHandler;
  changePostVisibility: ChangePostVisibilityHandler;
  setPostCommentsDisabled: SetPostCommentsDisabledHandler;
}

export interface PostsContext extends BaseContext {
  commands: PostCommands;
  queries: PrismaPostQueries;
  /** Per request: batching and caching live only as long as one operation. */
  loaders: PostLoaders;
}

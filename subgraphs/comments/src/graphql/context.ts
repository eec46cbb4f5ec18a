import type { BaseContext } from '@agora/service-kit';
import type { AddCommentHandler } from '../application/add-comment/add-comment.handler';
import type { DeleteCommentHandler } from '../application/delete-comment/delete-comment.handler';
import type { CommentLoaders } from './loaders';

/** Use cases, built once per process. */
export interface CommentCommands {
  addComment: AddCommentHandler;
  deleteComment: DeleteCommentHandler;
}

/** Per-request context: the verified viewer (service-kit), fresh DataLoaders, the use cases. */
export interface CommentsContext extends BaseContext {
  commands: CommentCommands;
  /** Per request: batching and caching live only as long as one operation, for one viewer. */
  loaders: CommentLoaders;
}

import { parseKeysetPage, toKeysetConnection, type Connection, type ConnectionArgs, type KeysetPage } from '@agora/service-kit';
import type { CommentView } from '../application/views';

/** A validated page request of a comment list (Post.comments, Comment.replies), in `(created_at, id)` ascending order. */
export type CommentPage = KeysetPage;

/** Relay args → validated page; BAD_USER_INPUT (field `first` / `after`) when they are not usable. */
export const parseCommentPage = (args: ConnectionArgs): CommentPage => parseKeysetPage(args);

/** A connection from rows fetched with `first + 1`. */
export function toCommentConnection(rows: CommentView[], page: CommentPage): Connection<CommentView> {
  return toKeysetConnection(rows, page, (comment) => ({ at: comment.createdAt, id: comment.id }));
}

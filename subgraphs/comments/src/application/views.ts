import type { CommentState } from '../domain/comment/comment';

/** A comment as the graph shows it (the stored state). */
export type CommentView = CommentState;

/** A reference to another context's entity: the gateway resolves the rest. */
export interface PostRef {
  id: string;
}
export interface UserRef {
  id: string;
}

import type { CommentState } from '../domain/comment/comment';

/** A comment as the graph shows it: the stored state, and when a moderator removed it (null or absent when not removed). */
export type CommentView = CommentState & { removedAt?: Date | null };

/** A reference to another context's entity: the gateway resolves the rest. */
export interface PostRef {
  id: string;
}
export interface UserRef {
  id: string;
}

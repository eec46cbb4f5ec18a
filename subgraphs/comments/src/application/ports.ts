import type { CommandRunner, InboxRunner } from '@agora/context-runtime';
import type { EventMetadata } from '@agora/kernel';
import type { CommentablePost, CommentEvent, CommentState, ReplyTarget } from '../domain/comment/comment';
import type { ModerationDecision } from '../domain/moderation/moderation';

/**
 * The replica of posts' access facts (@agora/audience), as the use cases need it. Reads lock the
 * post's row (shared) until the transaction ends: the removal of a deleted post's comments
 * updates that row first, so a comment is either written before the removal (and removed by it)
 * or sees the post deleted — never left behind on a deleted post.
 */
export interface PostAccess {
  /** The post as `commenterId` may comment on it; null when unknown, unpublished or deleted. */
  forCommenter(postId: string, commenterId: string): Promise<CommentablePost | null>;
  /** The post's author as recorded (also after deletion); null when the post is unknown. */
  authorOf(postId: string): Promise<string | null>;
  /** Records the post's deletion (terminal), as the audience replica does. */
  recordDeletion(postId: string, authorId: string): Promise<void>;
}

export interface CommentRepository {
  /** The comment to reply to (locked against deletion until the transaction ends), or null. */
  findReplyTarget(commentId: string, commenterId: string): Promise<ReplyTarget | null>;
  /** The comment, locked until the transaction ends; null when there is none. */
  findForUpdate(commentId: string): Promise<CommentState | null>;
  /** The ids of a comment's replies, locked until the transaction ends, oldest first. */
  replyIdsForUpdate(commentId: string): Promise<string[]>;
  insert(comment: CommentState): Promise<void>;
  /** Deletes the comments (replies of a deleted comment go with it). */
  delete(commentIds: readonly string[]): Promise<void>;
  /** Deletes every comment of the post; returns how many. */
  deleteAllOfPost(postId: string): Promise<number>;
}

/** Appends domain events to the outbox, in the same transaction as the state change. */
export interface CommentEventOutbox {
  append(events: readonly CommentEvent[], metadata: EventMetadata): Promise<void>;
}

/** Moderators' decisions about posts and comments (moderation's events). */
export interface ModerationDecisions {
  /** Keeps the decision when it is newer than the one recorded (`nextModeration`). */
  record(decision: ModerationDecision): Promise<void>;
  /** The standing removals among these subjects (nulls are skipped). */
  removalsAmong(subjectIds: readonly (string | null)[]): Promise<ModerationDecision[]>;
}

/** What one transaction offers a use case. */
export interface TransactionScope {
  posts: PostAccess;
  comments: CommentRepository;
  moderation: ModerationDecisions;
  outbox: CommentEventOutbox;
}

/** One transaction per command or consumed event: its writes, outbox rows and inbox row commit together or not at all. */
export interface UnitOfWork extends CommandRunner<TransactionScope>, InboxRunner<TransactionScope> {}

import type { CommandRunner, InboxRunner } from '@agora/context-runtime';
import type { EventMetadata } from '@agora/kernel';
import type { CommentChange } from '../domain/comment/comment-fact';
import type { ModerationDecision } from '../domain/moderation/moderation';
import type { UserReaction } from '../domain/reaction/reaction.aggregate';
import type { ReactionEvent } from '../domain/reaction/reaction.events';
import type { ReactionSubject } from '../domain/reaction/subject';

/**
 * The subjects a user may react to, from the local replicas of posts', comments' and social's
 * facts (reactions never reads another context's database).
 */
export interface ReactableSubjects {
  /**
   * The post or comment with this id when `userId` may react to it: a post that is published,
   * not deleted and visible to the user; a comment that is known, not deleted, on such a post,
   * with no block between the user and its author; neither the subject nor its post removed by a
   * moderator. Null otherwise. The facts read stay locked
   * (shared) until the transaction ends, so a concurrent deletion waits for the reaction to
   * commit and then removes it too.
   */
  findReactable(subjectId: string, userId: string): Promise<ReactionSubject | null>;
}

export interface ReactionRepository {
  /**
   * Waits until no other transaction works on this user's reaction to this subject, then loads
   * it (withdrawn ones included); null when the user never reacted to it (or it was removed with
   * its subject). The wait lasts until this transaction ends.
   */
  loadForUpdate(userId: string, subjectId: string): Promise<UserReaction | null>;
  save(reaction: UserReaction): Promise<void>;
  /** Removes every reaction to the post and to its comments; returns how many rows went. */
  removeForPost(postId: string): Promise<number>;
  /** Removes every reaction to these subjects; returns how many rows went. */
  removeForSubjects(subjectIds: readonly string[]): Promise<number>;
}

/** Reactions' replica of comments' facts (see domain/comment/comment-fact.ts). */
export interface CommentFacts {
  apply(change: CommentChange): Promise<void>;
}

/** Reactions' replica of posts' access facts (the audience kernel's post_access table). */
export interface PostFacts {
  /** Records the post as deleted (terminal), before or after its publication arrived. */
  recordDeleted(postId: string, authorId: string): Promise<void>;
}

/** Moderators' decisions about posts and comments (moderation's events). */
export interface ModerationDecisions {
  /** Keeps the decision when it is newer than the one recorded (`nextModeration`). */
  record(decision: ModerationDecision): Promise<void>;
}

/** Appends domain events to the outbox, in the same transaction as the state change. */
export interface ReactionEventOutbox {
  append(events: readonly ReactionEvent[], metadata: EventMetadata): Promise<void>;
}

/** What one transaction offers a use case. */
export interface TransactionScope {
  subjects: ReactableSubjects;
  reactions: ReactionRepository;
  comments: CommentFacts;
  posts: PostFacts;
  moderation: ModerationDecisions;
  outbox: ReactionEventOutbox;
}

/** One transaction per command or consumed event: its writes, outbox rows and inbox row commit together or not at all. */
export interface UnitOfWork extends CommandRunner<TransactionScope>, InboxRunner<TransactionScope> {}

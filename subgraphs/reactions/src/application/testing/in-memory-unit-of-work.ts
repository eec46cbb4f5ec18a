import {
  audienceOf,
  canView,
  nextPostAccess,
  SocialReplica,
  type PostAccessChange,
  type PostAccessState,
  type SocialChange,
} from '@agora/audience';
import type { EventMetadata } from '@agora/kernel';
import { nextCommentFacts, type CommentFact } from '../../domain/comment/comment-fact';
import { nextModeration, type ModerationDecision } from '../../domain/moderation/moderation';
import { UserReaction, type ReactionSnapshot } from '../../domain/reaction/reaction.aggregate';
import type { ReactionEvent } from '../../domain/reaction/reaction.events';
import type { ReactionSubject } from '../../domain/reaction/subject';
import type { TransactionScope, UnitOfWork } from '../ports';

export interface OutboxEntry {
  event: ReactionEvent;
  metadata: EventMetadata;
}

interface Tables {
  posts: Map<string, PostAccessState>;
  comments: Map<string, CommentFact>;
  /** `${userId}|${subjectId}` → the stored reaction. */
  reactions: Map<string, ReactionSnapshot>;
  /** Moderators' decisions by subject id. */
  moderation: Map<string, ModerationDecision>;
}

const key = (userId: string, subjectId: string) => `${userId}|${subjectId}`;
const copy = (tables: Tables): Tables => ({
  posts: new Map(tables.posts),
  comments: new Map(tables.comments),
  reactions: new Map(tables.reactions),
  moderation: new Map(tables.moderation),
});

/**
 * In-memory UnitOfWork for use-case tests, with the kernel's rules for the post and social facts
 * (`nextPostAccess`, `SocialReplica`, `canView`). Behaves like the database where it matters: a
 * transaction works on a copy whose writes and outbox entries become visible only when it
 * succeeds (nothing half-written), and the inbox makes `runOnce` run once per consumer and event.
 */
export class InMemoryUnitOfWork implements UnitOfWork {
  tables: Tables = { posts: new Map(), comments: new Map(), reactions: new Map(), moderation: new Map() };
  readonly social = new SocialReplica();
  readonly outbox: OutboxEntry[] = [];
  readonly inbox = new Set<string>();

  // ── arrangement helpers ───────────────────────────────────────────────────────────────────────
  post(change: PostAccessChange): void {
    this.tables.posts.set(change.postId, nextPostAccess(this.tables.posts.get(change.postId), change));
  }
  publish(
    postId: string,
    authorId: string,
    options: Partial<Pick<Extract<PostAccessChange, { kind: 'access' }>, 'visibility' | 'circleIds'>> = {},
  ): void {
    this.post({
      kind: 'access',
      postId,
      authorId,
      visibility: options.visibility ?? 'PUBLIC',
      circleIds: options.circleIds ?? [],
      commentsDisabled: false,
      version: 1,
      publishedAt: new Date(0),
    });
  }
  comment(commentId: string, postId: string, authorId: string): void {
    this.tables.comments = nextCommentFacts(this.tables.comments, { kind: 'added', commentId, postId, authorId });
  }
  socialChange(change: SocialChange): void {
    this.social.apply(change);
  }
  reaction(userId: string, subjectId: string): ReactionSnapshot | undefined {
    return this.tables.reactions.get(key(userId, subjectId));
  }

  // ── UnitOfWork ────────────────────────────────────────────────────────────────────────────────
  async run<R>(work: (scope: TransactionScope) => Promise<R>): Promise<R> {
    const tables = copy(this.tables);
    const pending: OutboxEntry[] = [];
    const result = await work(this.scope(tables, pending));
    this.tables = tables;
    this.outbox.push(...pending);
    return result;
  }

  async runOnce(consumer: string, eventId: string, work: (scope: TransactionScope) => Promise<void>): Promise<boolean> {
    const inboxKey = `${consumer}|${eventId}`;
    if (this.inbox.has(inboxKey)) return false;
    await this.run(work);
    this.inbox.add(inboxKey);
    return true;
  }

  private scope(tables: Tables, pending: OutboxEntry[]): TransactionScope {
    const social = this.social;
    const visiblePost = (postId: string, userId: string) => {
      const audience = audienceOf(tables.posts.get(postId));
      return audience !== null && canView(audience, { userId }, social) ? audience : null;
    };
    const removed = (...ids: string[]) => ids.some((id) => tables.moderation.get(id)?.removed === true);
    return {
      subjects: {
        async findReactable(subjectId, userId): Promise<ReactionSubject | null> {
          const comment = tables.comments.get(subjectId);
          if (removed(subjectId, comment?.postId ?? subjectId)) return null;
          if (comment) {
            if (comment.deleted || comment.authorId === null) return null;
            if (!visiblePost(comment.postId, userId) || social.blockedEitherWay(userId, comment.authorId)) return null;
            return { id: subjectId, type: 'COMMENT', postId: comment.postId, authorId: comment.authorId };
          }
          const post = visiblePost(subjectId, userId);
          return post ? { id: subjectId, type: 'POST', postId: subjectId, authorId: post.authorId } : null;
        },
      },
      reactions: {
        async loadForUpdate(userId, subjectId) {
          const stored = tables.reactions.get(key(userId, subjectId));
          return stored ? UserReaction.restore(stored) : null;
        },
        async save(reaction) {
          const snapshot = reaction.snapshot();
          tables.reactions.set(key(snapshot.userId, snapshot.subject.id), snapshot);
        },
        async removeForPost(postId) {
          return remove((reaction) => reaction.subject.postId === postId);
        },
        async removeForSubjects(subjectIds) {
          const ids = new Set(subjectIds);
          return remove((reaction) => ids.has(reaction.subject.id));
        },
      },
      comments: {
        async apply(change) {
          tables.comments = nextCommentFacts(tables.comments, change);
        },
      },
      posts: {
        async recordDeleted(postId, authorId) {
          tables.posts.set(postId, nextPostAccess(tables.posts.get(postId), { kind: 'deleted', postId, authorId }));
        },
      },
      moderation: {
        async record(decision) {
          tables.moderation.set(decision.subjectId, nextModeration(tables.moderation.get(decision.subjectId), decision));
        },
      },
      outbox: {
        async append(events, metadata) {
          pending.push(...events.map((event) => ({ event, metadata })));
        },
      },
    };

    function remove(matches: (reaction: ReactionSnapshot) => boolean): number {
      let removed = 0;
      for (const [reactionKey, reaction] of tables.reactions) {
        if (matches(reaction)) {
          tables.reactions.delete(reactionKey);
          removed += 1;
        }
      }
      return removed;
    }
  }
}

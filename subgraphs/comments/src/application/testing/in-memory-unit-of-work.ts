import type { EventMetadata } from '@agora/kernel';
import type { CommentEvent, CommentState } from '../../domain/comment/comment';
import { nextModeration, type ModerationDecision } from '../../domain/moderation/moderation';
import type { TransactionScope, UnitOfWork } from '../ports';

export interface OutboxEntry {
  event: CommentEvent;
  metadata: EventMetadata;
}

/** A post as the replica knows it; `hiddenFrom` stands for whatever the visibility rule says. */
export interface KnownPost {
  authorId: string;
  commentsDisabled: boolean;
  deleted: boolean;
  hiddenFrom: Set<string>;
}

interface Tables {
  posts: Map<string, KnownPost>;
  /** `${a}|${b}` for a block either way (both orders stored). */
  blocks: Set<string>;
  comments: Map<string, CommentState>;
  /** Moderators' decisions by subject id. */
  moderation: Map<string, ModerationDecision>;
}

const copy = (tables: Tables): Tables => ({
  posts: new Map([...tables.posts].map(([id, post]) => [id, { ...post, hiddenFrom: new Set(post.hiddenFrom) }])),
  blocks: new Set(tables.blocks),
  comments: new Map(tables.comments),
  moderation: new Map(tables.moderation),
});

/**
 * In-memory UnitOfWork for use-case tests. Behaves like the database where it matters: a
 * transaction works on a copy and its writes and outbox entries become visible only when it
 * succeeds (nothing half-written), deleting a comment deletes its replies, and the inbox makes
 * `runOnce` run once.
 */
export class InMemoryUnitOfWork implements UnitOfWork {
  tables: Tables = { posts: new Map(), blocks: new Set(), comments: new Map(), moderation: new Map() };
  readonly outbox: OutboxEntry[] = [];
  readonly inbox = new Set<string>();

  // ── arrangement helpers for tests ─────────────────────────────────────────────────────────────
  knowPost(postId: string, authorId: string, options: Partial<Omit<KnownPost, 'authorId'>> = {}): void {
    this.tables.posts.set(postId, { authorId, commentsDisabled: false, deleted: false, hiddenFrom: new Set(), ...options });
  }
  block(a: string, b: string): void {
    this.tables.blocks.add(`${a}|${b}`).add(`${b}|${a}`);
  }
  store(comment: CommentState): void {
    this.tables.comments.set(comment.id, comment);
  }
  events(): CommentEvent[] {
    return this.outbox.map((entry) => entry.event);
  }

  // ── UnitOfWork ─────────────────────────────────────────────────────────────────────────────────
  async run<R>(work: (scope: TransactionScope) => Promise<R>): Promise<R> {
    const tx = copy(this.tables);
    const appended: OutboxEntry[] = [];
    const result = await work(this.scope(tx, appended));
    this.tables = tx;
    this.outbox.push(...appended);
    return result;
  }

  async runOnce(consumer: string, eventId: string, work: (scope: TransactionScope) => Promise<void>): Promise<boolean> {
    const inboxKey = `${consumer}/${eventId}`;
    if (this.inbox.has(inboxKey)) return false;
    await this.run(work);
    this.inbox.add(inboxKey);
    return true;
  }

  private scope(tx: Tables, appended: OutboxEntry[]): TransactionScope {
    const blocked = (a: string, b: string) => tx.blocks.has(`${a}|${b}`);
    return {
      posts: {
        forCommenter: async (postId, commenterId) => {
          const post = tx.posts.get(postId);
          if (!post || post.deleted) return null;
          const visible = post.authorId === commenterId || (!blocked(commenterId, post.authorId) && !post.hiddenFrom.has(commenterId));
          return { postId, authorId: post.authorId, commentsDisabled: post.commentsDisabled, visibleToCommenter: visible };
        },
        authorOf: async (postId) => tx.posts.get(postId)?.authorId ?? null,
        recordDeletion: async (postId, authorId) => {
          const post = tx.posts.get(postId);
          tx.posts.set(
            postId,
            post ? { ...post, deleted: true } : { authorId, commentsDisabled: false, deleted: true, hiddenFrom: new Set() },
          );
        },
      },
      comments: {
        findReplyTarget: async (commentId, commenterId) => {
          const comment = tx.comments.get(commentId);
          return comment ? { comment, blockedWithCommenter: blocked(commenterId, comment.authorId) } : null;
        },
        findForUpdate: async (commentId) => tx.comments.get(commentId) ?? null,
        replyIdsForUpdate: async (commentId) =>
          [...tx.comments.values()]
            .filter((comment) => comment.parentId === commentId)
            .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id))
            .map((comment) => comment.id),
        insert: async (comment) => {
          if (tx.comments.has(comment.id)) throw new Error(`duplicate comment ${comment.id}`);
          tx.comments.set(comment.id, comment);
        },
        delete: async (ids) => {
          const gone = new Set(ids);
          for (const [id, comment] of tx.comments)
            if (gone.has(id) || (comment.parentId && gone.has(comment.parentId))) tx.comments.delete(id);
        },
        deleteAllOfPost: async (postId) => {
          let removed = 0;
          for (const [id, comment] of tx.comments) {
            if (comment.postId === postId) {
              tx.comments.delete(id);
              removed += 1;
            }
          }
          return removed;
        },
      },
      moderation: {
        record: async (decision) =>
          void tx.moderation.set(decision.subjectId, nextModeration(tx.moderation.get(decision.subjectId), decision)),
        removalsAmong: async (ids) =>
          ids.flatMap((id) => {
            const decision = id === null ? undefined : tx.moderation.get(id);
            return decision?.removed ? [decision] : [];
          }),
      },
      outbox: {
        append: async (events, metadata) => void appended.push(...events.map((event) => ({ event, metadata }))),
      },
    };
  }
}

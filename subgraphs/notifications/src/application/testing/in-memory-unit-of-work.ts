import { newEventId } from '@agora/events';
import type { EventMetadata } from '@agora/kernel';
import { audienceOf, canView, nextPostAccess, SocialReplica, type PostAccessState, type SocialChange } from '@agora/audience';
import type { SeenSelection } from '../../domain/mark-seen';
import type { Mention, MentionableAccount } from '../../domain/mentions';
import type { CreatedNotification, NotificationDraft } from '../../domain/notification';
import type { About, LockKeys, NotificationScope, UnitOfWork } from '../ports';

export interface StoredNotification extends NotificationDraft {
  id: string;
  seenAt: Date | null;
}

/** One notifications.notification.created.v1 the use case appended to the outbox. */
export interface AnnouncedNotification {
  notification: CreatedNotification;
  metadata: EventMetadata;
}

const key = (mention: Mention) => `${mention.sourceEventId}|${mention.username}`;

/**
 * The ports in memory, with the Prisma adapters' contract: the inbox skips a redelivery, a draft
 * across a block (the kernel's in-memory `SocialReplica`) is not stored, (source, recipient, kind)
 * is unique, post facts follow the kernel's `nextPostAccess`, and a failed work records nothing
 * in the inbox. Locks are recorded (in order) so tests can check the lock order; what the use
 * cases append to the outbox is in `announced` (kept only when the work succeeds, as a commit).
 */
export class InMemoryUnitOfWork implements UnitOfWork {
  readonly inbox = new Set<string>();
  readonly notifications: StoredNotification[] = [];
  readonly accounts = new Map<string, MentionableAccount & { username: string }>();
  readonly pending = new Map<string, Mention>();
  readonly posts = new Map<string, PostAccessState>();
  readonly deletedComments = new Set<string>();
  readonly social = new SocialReplica();
  readonly locks: { mode: 'shared' | 'exclusive'; keys: LockKeys }[] = [];
  readonly announced: AnnouncedNotification[] = [];

  /** Arrange: a social fact (follow, block, circle membership). */
  know(change: SocialChange): void {
    this.social.apply(change);
  }

  async run<R>(work: (scope: NotificationScope) => Promise<R>): Promise<R> {
    const appended: AnnouncedNotification[] = [];
    const result = await work(this.scope(appended));
    this.announced.push(...appended);
    return result;
  }

  async runOnce(consumer: string, eventId: string, work: (scope: NotificationScope) => Promise<void>): Promise<boolean> {
    const inboxKey = `${consumer}|${eventId}`;
    if (this.inbox.has(inboxKey)) return false;
    await this.run(work);
    this.inbox.add(inboxKey);
    return true;
  }

  /** The notifications announced so far, as [recipient, kind, actor, post, comment]. */
  announcements(): [string, string, string, string | null, string | null][] {
    return this.announced.map(({ notification: n }) => [n.recipientId, n.kind, n.actorId, n.postId, n.commentId]);
  }

  private async markSeen(recipientId: string, selection: SeenSelection, at: Date): Promise<number> {
    let changed = 0;
    for (const notification of this.notifications) {
      if (notification.recipientId !== recipientId || notification.seenAt !== null) continue;
      if (!selection.all && !selection.ids.includes(notification.id)) continue;
      if (this.social.blockedEitherWay(recipientId, notification.actorId)) continue;
      notification.seenAt = at;
      changed += 1;
    }
    return changed;
  }

  of(recipientId: string): StoredNotification[] {
    return this.notifications.filter((notification) => notification.recipientId === recipientId);
  }

  private isAbout(item: { postId: string | null; commentId: string | null }, about: About): boolean {
    return 'postId' in about ? item.postId === about.postId : item.commentId !== null && about.commentIds.includes(item.commentId);
  }

  private scope(appended: AnnouncedNotification[]): NotificationScope {
    return {
      locks: { lock: async (mode, keys) => void this.locks.push({ mode, keys }) },
      accounts: {
        record: async (account) => {
          if (!this.accounts.has(account.id)) this.accounts.set(account.id, account);
        },
        byUsername: async (usernames) =>
          new Map(
            [...this.accounts.values()]
              .filter((account) => usernames.includes(account.username))
              .map((account) => [account.username, account]),
          ),
      },
      facts: {
        applyPostFact: async (change) => void this.posts.set(change.postId, nextPostAccess(this.posts.get(change.postId), change)),
        recordCommentsDeleted: async (ids) => ids.forEach((id) => this.deletedComments.add(id)),
        isGone: async (postId, commentIds) =>
          this.posts.get(postId)?.deleted === true || commentIds.some((id) => this.deletedComments.has(id)),
        readersOf: async (audience, readers) => new Set(readers.filter((reader) => canView(audience, { userId: reader }, this.social))),
        readersOfPost: async (postId, readers) => {
          const audience = audienceOf(this.posts.get(postId));
          return audience ? new Set(readers.filter((reader) => canView(audience, { userId: reader }, this.social))) : null;
        },
      },
      notifications: {
        add: async (drafts) => {
          const added: CreatedNotification[] = [];
          for (const draft of drafts) {
            if (draft.actorId === draft.recipientId || this.social.blockedEitherWay(draft.actorId, draft.recipientId)) continue;
            const duplicate = this.notifications.some(
              (n) => n.sourceEventId === draft.sourceEventId && n.recipientId === draft.recipientId && n.kind === draft.kind,
            );
            if (duplicate) continue;
            const created = { ...draft, id: newEventId() };
            this.notifications.push({ ...created, seenAt: null });
            added.push(created);
          }
          return added;
        },
        dropAbout: async (about) => {
          const before = this.notifications.length;
          const kept = this.notifications.filter((notification) => !this.isAbout(notification, about));
          this.notifications.splice(0, this.notifications.length, ...kept);
          return before - kept.length;
        },
      },
      pending: {
        save: async (mentions) => mentions.forEach((mention) => this.pending.set(key(mention), mention)),
        of: async (by) =>
          [...this.pending.values()].filter((mention) =>
            'username' in by ? mention.username === by.username : mention.postId === by.postId,
          ),
        remove: async (mentions) => mentions.forEach((mention) => this.pending.delete(key(mention))),
        dropAbout: async (about) => {
          for (const [k, mention] of this.pending) if (this.isAbout(mention, about)) this.pending.delete(k);
        },
      },
      seen: { markSeen: (recipientId, selection, at) => this.markSeen(recipientId, selection, at) },
      outbox: {
        append: async (created, metadata) => void appended.push(...created.map((notification) => ({ notification, metadata }))),
      },
    };
  }
}

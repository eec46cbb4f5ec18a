import { newEventId } from '@agora/events';
import type { EventMetadata } from '@agora/kernel';
import { audienceOf, canView, nextPostAccess, SocialReplica, type PostAccessState, type SocialChange } from '@agora/audience';
import type { SeenSelection } from '../../domain/mark-seen';
import type { Mention, MentionableAccount } from '../../domain/mentions';
import { aboutRemoved, nextModeration, type ModerationDecision } from '../../domain/moderation';
import type { CreatedNotification, NotificationDraft } from '../../domain/notification';
import { isEmailSetting, type NotificationSettings } from '../../domain/settings';
import type { About, DigestCandidate, LockKeys, MailLinks, NotificationScope, OutgoingMail, UnitOfWork, UnsubscribeTokens } from '../ports';

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

/** Links as the tests read them: the unsubscribe token is `<accountId>:<setting>` (the real one is signed, infrastructure/unsubscribe-tokens.ts). */
export const TEST_LINKS: MailLinks = {
  notifications: () => 'https://agora.test/notifications',
  unsubscribe: (accountId, setting) => `https://agora.test/notifications/unsubscribe?token=${accountId}:${setting}`,
};
const testTokens: UnsubscribeTokens = {
  verify(token) {
    const [accountId, setting, ...rest] = token.split(':');
    return accountId && isEmailSetting(setting) && rest.length === 0 ? { accountId, setting } : null;
  },
};

/** A digest period recorded (DigestRun). */
export interface RecordedDigest {
  accountId: string;
  frequency: DigestCandidate['frequency'];
  periodStart: Date;
  mailId: string;
  at: Date;
}

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
  readonly settings = new Map<string, NotificationSettings & { updatedAt: Date }>();
  readonly recipients = new Map<string, { email: string; verifiedAt: Date }>();
  /** The mail outbox, in the order queued (a second mail with a queued id is dropped, as ON CONFLICT DO NOTHING). */
  readonly mails: OutgoingMail[] = [];
  readonly digestRuns: RecordedDigest[] = [];
  /** Moderators' decisions by subject id. */
  readonly moderation = new Map<string, ModerationDecision>();
  private readonly removed = (subjectId: string) => this.moderation.get(subjectId)?.removed === true;

  /** Arrange: a social fact (follow, block, circle membership). */
  know(change: SocialChange): void {
    this.social.apply(change);
  }

  async run<R>(work: (scope: NotificationScope) => Promise<R>): Promise<R> {
    const appended: AnnouncedNotification[] = [];
    const queued: OutgoingMail[] = [];
    const result = await work(this.scope(appended, queued));
    this.announced.push(...appended);
    for (const mail of queued) if (!this.mails.some((m) => m.id === mail.id)) this.mails.push(mail);
    return result;
  }

  /** Arrange: someone's verified email (as the email-verified consumer records it). */
  verified(accountId: string, email: string, verifiedAt = new Date('2026-01-01T00:00:00.000Z')): void {
    this.recipients.set(accountId, { email, verifiedAt });
  }

  /** The mails queued for an address, as [kind, subject]. */
  mailsTo(email: string): [string, string][] {
    return this.mails.filter((mail) => mail.to === email).map((mail) => [mail.kind, mail.subject]);
  }

  private unseenOf(accountId: string, since: Date) {
    return this.notifications
      .filter(
        (n) =>
          n.recipientId === accountId &&
          n.seenAt === null &&
          n.at.getTime() >= since.getTime() &&
          !this.social.blockedEitherWay(n.recipientId, n.actorId) &&
          !aboutRemoved(n, this.removed),
      )
      .sort((a, b) => b.at.getTime() - a.at.getTime() || (a.id < b.id ? 1 : -1));
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
      if (this.social.blockedEitherWay(recipientId, notification.actorId) || aboutRemoved(notification, this.removed)) continue;
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

  private scope(appended: AnnouncedNotification[], queued: OutgoingMail[]): NotificationScope {
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
        usernames: async (ids) =>
          new Map(ids.flatMap((id) => (this.accounts.has(id) ? [[id, this.accounts.get(id)!.username] as const] : []))),
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
            if (aboutRemoved(draft, this.removed)) continue;
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
      settings: {
        of: async (ids) =>
          new Map(
            ids.flatMap((id) => {
              const row = this.settings.get(id);
              if (!row) return [];
              const { updatedAt: _updatedAt, ...settings } = row;
              return [[id, settings] as const];
            }),
          ),
        save: async (accountId, settings, at) => void this.settings.set(accountId, { ...settings, updatedAt: at }),
      },
      recipients: {
        record: async (recipient) => {
          const known = this.recipients.get(recipient.accountId);
          if (known && known.verifiedAt.getTime() > recipient.verifiedAt.getTime()) return;
          this.recipients.set(recipient.accountId, { email: recipient.email, verifiedAt: recipient.verifiedAt });
        },
        of: async (ids) => new Map(ids.flatMap((id) => (this.recipients.has(id) ? [[id, this.recipients.get(id)!.email] as const] : []))),
      },
      mail: { enqueue: async (mails) => void queued.push(...mails) },
      moderation: {
        record: async (decision) =>
          void this.moderation.set(decision.subjectId, nextModeration(this.moderation.get(decision.subjectId), decision)),
      },
      links: TEST_LINKS,
      unsubscribeTokens: testTokens,
      digests: {
        candidates: async (periodStarts, limit, after) =>
          [...this.settings.entries()]
            .filter(([id, s]) => s.digest !== 'NEVER' && this.recipients.has(id) && (after === null || id > after))
            .filter(([id, s]) => {
              const frequency = s.digest as DigestCandidate['frequency'];
              return !this.digestRuns.some(
                (r) => r.accountId === id && r.frequency === frequency && r.periodStart.getTime() === periodStarts[frequency].getTime(),
              );
            })
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .slice(0, limit)
            .map(([id, s]) => ({
              accountId: id,
              email: this.recipients.get(id)!.email,
              frequency: s.digest as DigestCandidate['frequency'],
            })),
        previousAt: async (accountId, frequency) => {
          const runs = this.digestRuns.filter((r) => r.accountId === accountId && r.frequency === frequency);
          return runs.length === 0 ? null : new Date(Math.max(...runs.map((r) => r.at.getTime())));
        },
        unseenSince: async (accountId, since, latest) => {
          const unseen = this.unseenOf(accountId, since);
          return {
            count: unseen.length,
            latest: unseen.slice(0, latest).map((n) => ({
              kind: n.kind,
              actorUsername: this.accounts.get(n.actorId)?.username ?? null,
              createdAt: n.at,
            })),
          };
        },
        record: async (run) => {
          const taken = this.digestRuns.some(
            (r) => r.accountId === run.accountId && r.frequency === run.frequency && r.periodStart.getTime() === run.periodStart.getTime(),
          );
          if (taken) return false;
          this.digestRuns.push(run);
          return true;
        },
      },
    };
  }
}

import type { Audience, PostAccessChange } from '@agora/audience';
import type { CommandRunner, InboxRunner } from '@agora/context-runtime';
import type { EventMetadata } from '@agora/kernel';
import type { SeenSelection } from '../domain/mark-seen';
import type { Mention, MentionableAccount } from '../domain/mentions';
import type { ModerationDecision } from '../domain/moderation';
import type { CreatedNotification, NotificationDraft, NotificationKind } from '../domain/notification';
import type { EmailDigest, EmailSetting, NotificationSettings } from '../domain/settings';
import type { NewMail } from '@agora/mail';

/** What a lock protects: mentions of usernames, things about posts, things about comments. */
export interface LockKeys {
  usernames?: readonly string[];
  postIds?: readonly string[];
  commentIds?: readonly string[];
}

/**
 * Transaction-scoped locks. A transaction that changes what a username, post or comment means for
 * notifications (a registration, a publication, a deletion) takes them `exclusive`; one that
 * creates notifications or pending mentions depending on them takes them `shared`. So a deletion
 * can never miss a notification created concurrently, and a registration never misses a pending
 * mention. Every handler locks usernames → posts → comments (each class sorted), so handlers
 * cannot deadlock one another.
 */
export interface Locks {
  lock(mode: 'shared' | 'exclusive', keys: LockKeys): Promise<void>;
}

/** The replica of identity's accounts, to resolve @usernames. */
export interface Accounts {
  /** Records an account once (a second registration event of it changes nothing). */
  record(account: { id: string; username: string; registeredAt: Date }): Promise<void>;
  /** Accounts by lower-case username. */
  byUsername(usernames: readonly string[]): Promise<Map<string, MentionableAccount>>;
  /** Usernames by account id (those whose registration arrived). */
  usernames(ids: readonly string[]): Promise<Map<string, string>>;
}

/** The audience kernel's facts (replica of social's and posts' events) and comment tombstones. */
export interface Facts {
  applyPostFact(change: PostAccessChange): Promise<void>;
  recordCommentsDeleted(commentIds: readonly string[]): Promise<void>;
  /** Whether the post, or one of the comments, is known to be deleted. */
  isGone(postId: string, commentIds: readonly string[]): Promise<boolean>;
  /** Which of `readers` may see a post with this audience (the kernel's rule, today's social facts). */
  readersOf(audience: Audience, readers: readonly string[]): Promise<Set<string>>;
  /** Which of `readers` may see the post per the post facts; null while its publication is unknown. */
  readersOfPost(postId: string, readers: readonly string[]): Promise<Set<string> | null>;
}

export type About = { postId: string } | { commentIds: readonly string[] };

/** Moderators' decisions about posts and comments (moderation's events). */
export interface ModerationDecisions {
  /** Keeps the decision when it is newer than the one recorded (`nextModeration`). */
  record(decision: ModerationDecision): Promise<void>;
}

export interface NotificationStore {
  /**
   * Stores the drafts, except those whose actor and recipient are in a block (either way) and
   * those about a post or comment a moderator removed, each
   * (source event, recipient, kind) at most once. Returns the ones actually stored (new): a
   * duplicate or a blocked draft is not in the result. Use `storeNotifications`
   * (application/store-notifications.ts), which also announces them, rather than this alone.
   */
  add(drafts: readonly NotificationDraft[]): Promise<CreatedNotification[]>;
  /** Removes the notifications about a post or about comments; returns how many. */
  dropAbout(about: About): Promise<number>;
}

/** Mentions that wait for an account's registration or a post's publication. */
export interface PendingMentions {
  save(mentions: readonly Mention[]): Promise<void>;
  of(by: { username: string } | { postId: string }): Promise<Mention[]>;
  remove(mentions: readonly Mention[]): Promise<void>;
  dropAbout(about: About): Promise<void>;
}

/**
 * Notifications' outbox: each stored notification becomes `notifications.notification.created.v1`
 * in the same transaction, with the metadata of the event that caused it (correlation = its
 * correlation, causation = its id, actor = its actor).
 */
export interface NotificationEventOutbox {
  append(created: readonly CreatedNotification[], metadata: EventMetadata): Promise<void>;
}

/** The viewer's side: marking their notifications seen. */
export interface SeenMarker {
  /**
   * Marks the recipient's unseen notifications in the selection seen (ids of someone else, or of a
   * notification hidden by a block, are left alone); returns how many changed.
   */
  markSeen(recipientId: string, selection: SeenSelection, at: Date): Promise<number>;
}

/** People's email notification settings; no row = `DEFAULT_SETTINGS`. */
export interface SettingsStore {
  /** The stored settings of those who have changed them (others are absent: the defaults apply). */
  of(accountIds: readonly string[]): Promise<Map<string, NotificationSettings>>;
  save(accountId: string, settings: NotificationSettings, at: Date): Promise<void>;
}

/** Where a person's mail goes: the replica of identity's verified emails. No row = no mail. */
export interface MailRecipients {
  /** Upserts; the newest `verifiedAt` wins (an older verification arriving late changes nothing). */
  record(recipient: { accountId: string; email: string; verifiedAt: Date }): Promise<void>;
  /** Verified email by account id. */
  of(accountIds: readonly string[]): Promise<Map<string, string>>;
}

/** One message for the mail outbox (@agora/mail `NewMail`; `id` is its idempotency key). */
export type OutgoingMail = NewMail;

/** Notifications' mail outbox: rows commit with the transaction; the mail worker sends them after. */
export interface MailQueue {
  /** A mail whose id is queued already is not queued again. */
  enqueue(mails: readonly OutgoingMail[]): Promise<void>;
}

/** The links a notification mail carries (to `AGORA_PUBLIC_URL`). */
export interface MailLinks {
  /** Where the recipient reads their notifications. */
  notifications(): string;
  /** A signed one-click link that turns `setting` off for `accountId`. */
  unsubscribe(accountId: string, setting: EmailSetting): string;
}

/** Verifies an unsubscribe link's token: whose it is and what it turns off; null when this deployment did not sign it. */
export interface UnsubscribeTokens {
  verify(token: string): { accountId: string; setting: EmailSetting } | null;
}

/** A person a digest may be due for. */
export interface DigestCandidate {
  accountId: string;
  email: string;
  frequency: Exclude<EmailDigest, 'NEVER'>;
}

/** One line of a digest. */
export interface DigestItem {
  kind: NotificationKind;
  actorUsername: string | null;
  createdAt: Date;
}

/** The digest side: who may be due, what is unseen, and the one-per-period record. */
export interface Digests {
  /**
   * People with a DAILY or WEEKLY digest and a verified email who have no digest yet for their
   * frequency's current period (`periodStarts`), in account order, `limit` after `afterAccountId`.
   */
  candidates(
    periodStarts: Record<DigestCandidate['frequency'], Date>,
    limit: number,
    afterAccountId: string | null,
  ): Promise<DigestCandidate[]>;
  /** When the person's previous digest of this frequency was made; null for none. */
  previousAt(accountId: string, frequency: DigestCandidate['frequency']): Promise<Date | null>;
  /** The unseen notifications created since `since` (not hidden by a block): how many, and the newest `latest`. */
  unseenSince(accountId: string, since: Date, latest: number): Promise<{ count: number; latest: DigestItem[] }>;
  /** Records the period's digest; false (nothing written) when it was recorded already (another instance, a retry). */
  record(run: {
    accountId: string;
    frequency: DigestCandidate['frequency'];
    periodStart: Date;
    mailId: string;
    at: Date;
  }): Promise<boolean>;
}

/** What one transaction (a consumed event, or a command) offers a use case. */
export interface NotificationScope {
  locks: Locks;
  accounts: Accounts;
  facts: Facts;
  notifications: NotificationStore;
  pending: PendingMentions;
  seen: SeenMarker;
  outbox: NotificationEventOutbox;
  settings: SettingsStore;
  recipients: MailRecipients;
  mail: MailQueue;
  links: MailLinks;
  unsubscribeTokens: UnsubscribeTokens;
  digests: Digests;
  moderation: ModerationDecisions;
}

/**
 * One transaction per command or consumed event; a consumed event is recorded in the inbox with
 * its effect, and the notifications it stored are announced through the outbox in the same
 * transaction (the relay publishes them to NOTIFICATIONS after the commit).
 */
export interface UnitOfWork extends CommandRunner<NotificationScope>, InboxRunner<NotificationScope> {}

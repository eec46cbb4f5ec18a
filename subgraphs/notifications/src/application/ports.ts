import type { Audience, PostAccessChange } from '@agora/audience';
import type { CommandRunner, InboxRunner } from '@agora/context-runtime';
import type { EventMetadata } from '@agora/kernel';
import type { SeenSelection } from '../domain/mark-seen';
import type { Mention, MentionableAccount } from '../domain/mentions';
import type { CreatedNotification, NotificationDraft } from '../domain/notification';

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

export interface NotificationStore {
  /**
   * Stores the drafts, except those whose actor and recipient are in a block (either way), each
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

/** What one transaction (a consumed event, or a command) offers a use case. */
export interface NotificationScope {
  locks: Locks;
  accounts: Accounts;
  facts: Facts;
  notifications: NotificationStore;
  pending: PendingMentions;
  seen: SeenMarker;
  outbox: NotificationEventOutbox;
}

/**
 * One transaction per command or consumed event; a consumed event is recorded in the inbox with
 * its effect, and the notifications it stored are announced through the outbox in the same
 * transaction (the relay publishes them to NOTIFICATIONS after the commit).
 */
export interface UnitOfWork extends CommandRunner<NotificationScope>, InboxRunner<NotificationScope> {}

import { renderMail } from '@agora/mail';
import type { CreatedNotification, NotificationKind } from '../domain/notification';
import { DEFAULT_SETTINGS, switchFor, type EmailSetting } from '../domain/settings';
import type { MailLinks, NotificationScope, OutgoingMail } from './ports';

/** What the handler knows about what the notifications are about: the post's or comment's body, if any. */
export interface MailAbout {
  excerpt?: string;
}

/** Characters of a body quoted in a mail. */
export const EXCERPT_LENGTH = 200;

/** The body on one line, cut at `EXCERPT_LENGTH` characters. */
export function excerptOf(body: string): string {
  const line = body.replace(/\s+/g, ' ').trim();
  return line.length <= EXCERPT_LENGTH ? line : `${line.slice(0, EXCERPT_LENGTH - 1).trimEnd()}…`;
}

/** What happened, as the subject says it. */
function headline(notification: CreatedNotification, actor: string): string {
  const subject = notification.commentId !== null && notification.kind === 'REACTED' ? 'your comment' : 'your post';
  const lines: Record<NotificationKind, string> = {
    FOLLOWED: `${actor} started following you`,
    COMMENTED: `${actor} commented on your post`,
    REPLIED: `${actor} replied to your comment`,
    REACTED: `${actor} reacted to ${subject}`,
    MENTIONED: `${actor} mentioned you`,
  };
  return lines[notification.kind];
}

const SETTING_NAMES: Record<EmailSetting, string> = {
  emailOnFollow: 'new followers',
  emailOnComment: 'comments and replies',
  emailOnReaction: 'reactions',
  emailOnMention: 'mentions',
  digest: 'the digest',
};

/** The List-Unsubscribe headers of RFC 2369 / RFC 8058 (one-click POST to the same link). */
export function unsubscribeHeaders(url: string): Record<string, string> {
  return { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

/** The footer every notification mail ends with: why it came and how to stop it. */
export function unsubscribeFooter(setting: EmailSetting, url: string): string[] {
  return [`You receive this because mail about ${SETTING_NAMES[setting]} is on in your Agora settings.`, `Unsubscribe: ${url}`];
}

/**
 * The mail of one notification: who did what (the actor's @username when notifications knows it —
 * it keeps no display names and asks no other context), the body quoted when the handler had it,
 * a link to the notifications, and the unsubscribe link and headers for the switch that sent it.
 */
export function notificationMail(
  notification: CreatedNotification,
  options: { to: string; actorUsername: string | null; excerpt: string | null; links: MailLinks; now: Date },
): OutgoingMail {
  const actor = options.actorUsername ? `@${options.actorUsername}` : 'Someone';
  const setting = switchFor(notification.kind);
  const unsubscribe = options.links.unsubscribe(notification.recipientId, setting);
  const subject = headline(notification, actor);
  const content = renderMail({
    preheader: options.excerpt ?? subject,
    heading: subject,
    paragraphs: options.excerpt ? [`“${options.excerpt}”`] : [],
    action: { label: 'See it on Agora', url: options.links.notifications() },
    footer: unsubscribeFooter(setting, unsubscribe),
  });
  return {
    // The notification's id: however often its event is redelivered, the outbox holds one row.
    id: notification.id,
    kind: `notifications.${notification.kind.toLowerCase()}`,
    to: options.to,
    subject,
    text: content.text,
    html: content.html,
    headers: unsubscribeHeaders(unsubscribe),
    createdAt: options.now,
  };
}

/**
 * Queues a mail for each stored notification whose recipient has a verified email (the replica
 * of identity's email-verified events) and the notification's switch on (their settings, or the
 * defaults). Runs in the transaction that stored them.
 */
export async function mailNotifications(
  scope: Pick<NotificationScope, 'recipients' | 'settings' | 'accounts' | 'mail' | 'links'>,
  created: readonly CreatedNotification[],
  now: Date,
  about: MailAbout,
): Promise<void> {
  if (created.length === 0) return;
  const emails = await scope.recipients.of([...new Set(created.map((n) => n.recipientId))]);
  if (emails.size === 0) return;
  const settings = await scope.settings.of([...emails.keys()]);
  const wanted = created.filter((n) => emails.has(n.recipientId) && (settings.get(n.recipientId) ?? DEFAULT_SETTINGS)[switchFor(n.kind)]);
  if (wanted.length === 0) return;
  const usernames = await scope.accounts.usernames([...new Set(wanted.map((n) => n.actorId))]);
  const excerpt = about.excerpt ? excerptOf(about.excerpt) : null;
  await scope.mail.enqueue(
    wanted.map((n) =>
      notificationMail(n, {
        to: emails.get(n.recipientId)!,
        actorUsername: usernames.get(n.actorId) ?? null,
        excerpt: n.kind === 'FOLLOWED' ? null : excerpt,
        links: scope.links,
        now,
      }),
    ),
  );
}

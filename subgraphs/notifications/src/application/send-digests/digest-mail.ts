import { renderMail } from '@agora/mail';
import type { DigestItem, MailLinks, OutgoingMail } from '../ports';
import { unsubscribeFooter, unsubscribeHeaders } from '../notification-mail';

const WHAT: Record<DigestItem['kind'], string> = {
  FOLLOWED: 'started following you',
  COMMENTED: 'commented on your post',
  REPLIED: 'replied to your comment',
  REACTED: 'reacted',
  MENTIONED: 'mentioned you',
};

/** `2026-03-02 10:15 UTC` */
const when = (at: Date) => `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** The digest: how many notifications are unseen, the newest few, a link to them, the digest's unsubscribe link. */
export function digestMail(options: {
  id: string;
  accountId: string;
  to: string;
  frequency: 'DAILY' | 'WEEKLY';
  count: number;
  latest: readonly DigestItem[];
  links: MailLinks;
  now: Date;
}): OutgoingMail {
  const { count, latest } = options;
  const subject = `${count} new notification${count === 1 ? '' : 's'} on Agora`;
  const unsubscribe = options.links.unsubscribe(options.accountId, 'digest');
  const lines = latest.map(
    (item) => `${item.actorUsername ? `@${item.actorUsername}` : 'Someone'} ${WHAT[item.kind]} (${when(item.createdAt)})`,
  );
  if (count > latest.length) lines.push(`…and ${count - latest.length} more.`);
  const content = renderMail({
    preheader: subject,
    heading: `Your ${options.frequency === 'DAILY' ? 'daily' : 'weekly'} Agora digest`,
    paragraphs: [`You have ${subject.replace(' on Agora', '')} you have not seen yet:`, ...lines],
    action: { label: 'See them on Agora', url: options.links.notifications() },
    footer: unsubscribeFooter('digest', unsubscribe),
  });
  return {
    id: options.id,
    kind: 'notifications.digest',
    to: options.to,
    subject,
    text: content.text,
    html: content.html,
    headers: unsubscribeHeaders(unsubscribe),
    createdAt: options.now,
  };
}

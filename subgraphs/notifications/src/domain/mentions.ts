import type { Audience } from '@agora/audience/domain';

/** `@username` after a non-word character or at the start (usernames are [a-z0-9_], 3–30 chars). */
const MENTION = /(^|[^a-z0-9_])@([a-z0-9_]{3,30})/gi;

/** The usernames mentioned in a body, lower case, each once, in order of first mention. */
export function extractMentions(body: string): string[] {
  const seen = new Set<string>();
  for (const match of body.matchAll(MENTION)) seen.add(match[2]!.toLowerCase());
  return [...seen];
}

/**
 * A mention waiting to become a notification: found in a post (with the post's audience as
 * published) or in a comment (whose post's access facts decide who may see it).
 */
export interface Mention {
  /** Id of the event that carried the body. */
  sourceEventId: string;
  /** Lower case. */
  username: string;
  /** Who wrote the body. */
  actorId: string;
  postId: string;
  /** Set for a mention in a comment. */
  commentId: string | null;
  /** A post mention's audience as published; null for a comment mention. */
  audience: Audience | null;
  /** When the body was written. */
  mentionedAt: Date;
}

export function mentionsIn(
  body: string,
  where: { sourceEventId: string; actorId: string; postId: string; commentId: string | null; audience: Audience | null; at: Date },
): Mention[] {
  return extractMentions(body).map((username) => ({
    sourceEventId: where.sourceEventId,
    username,
    actorId: where.actorId,
    postId: where.postId,
    commentId: where.commentId,
    audience: where.audience,
    mentionedAt: where.at,
  }));
}

/** An account as the mention rules need it. */
export interface MentionableAccount {
  id: string;
  registeredAt: Date;
}

/**
 * What becomes of a mention once the username's account is known:
 * - `nobody`: the account registered after the mention was written (the username named nobody
 *   then), or the author mentioned themself — dropped;
 * - `recipient`: the account to notify (subject to the visibility and block checks).
 */
export function mentionTarget(
  mention: Mention,
  account: MentionableAccount,
): { kind: 'nobody' } | { kind: 'recipient'; recipientId: string } {
  if (account.registeredAt.getTime() > mention.mentionedAt.getTime()) return { kind: 'nobody' };
  if (account.id === mention.actorId) return { kind: 'nobody' };
  return { kind: 'recipient', recipientId: account.id };
}

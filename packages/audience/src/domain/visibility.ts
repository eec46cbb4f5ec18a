export const VISIBILITIES = ['PUBLIC', 'FOLLOWERS', 'CIRCLE'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

/** Who is asking: a signed-in account, or null for an anonymous reader. */
export type Reader = { userId: string } | null;

/** The part of a post that decides who may see it. */
export interface Audience {
  authorId: string;
  visibility: Visibility;
  circleIds: readonly string[];
}

/**
 * What a context knows of the social graph: its local replica of social's facts, built from
 * social's events (never by calling social). Pure questions, so the rule below stays pure.
 */
export interface SocialFacts {
  /** Whether `followerId` currently follows `followeeId`. */
  follows(followerId: string, followeeId: string): boolean;
  /** Whether either user blocks the other. */
  blockedEitherWay(a: string, b: string): boolean;
  /** Whether `memberId` is a member of circle `circleId` owned by `ownerId`. */
  inCircle(circleId: string, ownerId: string, memberId: string): boolean;
}

/** Knows no relationship: the view of someone with no follows, circles or blocks. */
export const NO_SOCIAL_FACTS: SocialFacts = {
  follows: () => false,
  blockedEitherWay: () => false,
  inCircle: () => false,
};

/**
 * THE visibility rule of Agora (API.md, Social domain), shared by every context that shows or
 * accepts something attached to a post:
 * - authors always see their own posts;
 * - a block (either direction) hides the author's posts from the other side, PUBLIC ones too;
 * - PUBLIC: everyone; FOLLOWERS: the author's followers; CIRCLE: members of any of the post's
 *   circles — only circles the author owns count.
 * `visibleTo` (infrastructure/visibility.sql.ts) is the same rule in SQL; the kernel's tests
 * check that both agree on every combination. Change both together.
 */
export function canView(post: Audience, reader: Reader, facts: SocialFacts): boolean {
  if (reader !== null && reader.userId === post.authorId) return true;
  if (post.visibility === 'PUBLIC') return reader === null || !facts.blockedEitherWay(reader.userId, post.authorId);
  if (reader === null || facts.blockedEitherWay(reader.userId, post.authorId)) return false;
  if (post.visibility === 'FOLLOWERS') return facts.follows(reader.userId, post.authorId);
  return post.circleIds.some((circleId) => facts.inCircle(circleId, post.authorId, reader.userId));
}

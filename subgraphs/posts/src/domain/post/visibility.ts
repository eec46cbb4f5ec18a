import { z } from 'zod';
import { PostErrors } from './post.errors';

export const VISIBILITIES = ['PUBLIC', 'FOLLOWERS', 'CIRCLE'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

export const MAX_CIRCLES_PER_POST = 20;

/** Who is asking: a signed-in account, or null for an anonymous reader. */
export type Reader = { userId: string } | null;

/** The part of a post that decides who may see it. */
export interface Audience {
  authorId: string;
  visibility: Visibility;
  circleIds: readonly string[];
}

/**
 * What the posts context knows of the social graph: a local replica of social's facts, built from
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
 * THE visibility rule of this context (API.md, Social domain):
 * - authors always see their own posts;
 * - a block (either direction) hides the author's posts from the other side, PUBLIC ones too;
 * - PUBLIC: everyone; FOLLOWERS: the author's followers; CIRCLE: members of any of the post's
 *   circles — only circles the author owns count.
 * The SQL read paths apply the same rule (infrastructure/visibility.sql.ts); an integration test checks that
 * every read path agrees with this function. Change both together.
 */
export function canView(post: Audience, reader: Reader, facts: SocialFacts): boolean {
  if (reader !== null && reader.userId === post.authorId) return true;
  if (post.visibility === 'PUBLIC') return reader === null || !facts.blockedEitherWay(reader.userId, post.authorId);
  if (reader === null || facts.blockedEitherWay(reader.userId, post.authorId)) return false;
  if (post.visibility === 'FOLLOWERS') return facts.follows(reader.userId, post.authorId);
  return post.circleIds.some((circleId) => facts.inCircle(circleId, post.authorId, reader.userId));
}

const circleIdsSchema = z
  .array(z.uuid({ message: 'Every circle id must be a UUID.' }))
  .min(1, { message: 'A CIRCLE post needs at least one circle.' })
  .max(MAX_CIRCLES_PER_POST, { message: `A post can target at most ${MAX_CIRCLES_PER_POST} circles.` });

/**
 * Validates the visibility/circles pair: circles are required for CIRCLE and meaningless (so
 * refused rather than silently dropped) for the others. Duplicate ids are collapsed.
 */
export function parseAudience(
  visibility: Visibility,
  circleIds: readonly string[] | null | undefined,
): { visibility: Visibility; circleIds: string[] } {
  if (visibility !== 'CIRCLE') {
    if (circleIds != null && circleIds.length > 0) {
      throw PostErrors.invalid('POSTS.INVALID_CIRCLE_IDS', 'circleIds', `circleIds are only allowed with visibility CIRCLE.`);
    }
    return { visibility, circleIds: [] };
  }
  const result = circleIdsSchema.safeParse(circleIds ?? []);
  if (!result.success) {
    throw PostErrors.invalid('POSTS.INVALID_CIRCLE_IDS', 'circleIds', result.error.issues[0]?.message ?? 'Invalid circleIds.');
  }
  // UUIDs are case-insensitive; store and publish one spelling so duplicates really collapse.
  return { visibility, circleIds: [...new Set(result.data.map((id) => id.toLowerCase()))] };
}

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
 * THE visibility rule of this context. For now the posts context knows nothing of the social
 * graph, so FOLLOWERS and CIRCLE posts are visible to their author only. The next step keeps a
 * local replica of social's facts (follows, circle memberships, blocks, fed by social's events)
 * and widens this function with it; keep every "may this reader see this post" decision here.
 * (The list queries apply the same rule in SQL — `prisma-post.queries.ts` — and an integration
 * test checks both agree.)
 */
export function canView(post: Audience, reader: Reader): boolean {
  if (reader !== null && reader.userId === post.authorId) return true;
  return post.visibility === 'PUBLIC';
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

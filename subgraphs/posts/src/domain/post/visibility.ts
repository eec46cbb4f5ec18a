import type { Visibility } from '@agora/audience/domain';
import { canonicalUuid } from '@agora/kernel';
import { z } from 'zod';
import { PostErrors } from './post.errors';

/**
 * The visibility rule and its vocabulary live in the audience shared kernel (ADR 8): every
 * context that shows or accepts something attached to a post applies the same `canView`.
 * Posts adds what only the author's command needs: validating a post's audience.
 */
export {
  VISIBILITIES,
  NO_SOCIAL_FACTS,
  canView,
  type Audience,
  type Reader,
  type SocialFacts,
  type Visibility,
} from '@agora/audience/domain';

export const MAX_CIRCLES_PER_POST = 20;

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
  // Circle ids enter the domain here (they are the domain's to validate, after the access
  // checks): brought to the one spelling once, so duplicates really collapse and every id the
  // stream and its events carry is canonical.
  return { visibility, circleIds: [...new Set(result.data.map(canonicalUuid))] };
}

import { z } from 'zod';
import { VISIBILITIES } from '../../domain/post/visibility';
import { circleIdsInput, expectedVersionInput, postIdInput } from '../inputs';
import { postChange } from '../post-changes';

/**
 * `changePostVisibility`: author only. Returns the post as it now is; asking for the audience it
 * already has changes nothing (same version, no event).
 */
export const changePostVisibility = postChange({
  name: 'changePostVisibility',
  input: z.object({
    id: postIdInput,
    visibility: z.enum(VISIBILITIES),
    circleIds: circleIdsInput,
    /** The version the author based the change on; omitted = last write wins (still serialized). */
    expectedVersion: expectedVersionInput,
  }),
  change: (post, { actor, input: { visibility, circleIds, expectedVersion }, now }, facts) =>
    post.changeVisibility(actor.id, { visibility, circleIds }, now, expectedVersion, facts),
});

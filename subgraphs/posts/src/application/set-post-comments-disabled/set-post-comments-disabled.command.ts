import { z } from 'zod';
import { expectedVersionInput, postIdInput } from '../inputs';
import { postChange } from '../post-changes';

/**
 * `setPostCommentsDisabled`: author only. Returns the post as it now is; the setting it already
 * has changes nothing (same version, no event).
 */
export const setPostCommentsDisabled = postChange({
  name: 'setPostCommentsDisabled',
  input: z.object({
    id: postIdInput,
    /** true turns comments off, false on again. */
    disabled: z.boolean(),
    /** The version the author based the change on; omitted = last write wins (still serialized). */
    expectedVersion: expectedVersionInput,
  }),
  change: (post, { actor, input, now }, facts) => post.setCommentsDisabled(actor.id, input.disabled, now, input.expectedVersion, facts),
});

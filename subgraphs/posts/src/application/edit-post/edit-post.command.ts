import { z } from 'zod';
import { expectedVersionInput, postIdInput } from '../inputs';
import { postChange } from '../post-changes';

/** `editPost`: the author replaces the body; returns the post as it now is. */
export const editPost = postChange({
  name: 'editPost',
  input: z.object({
    id: postIdInput,
    body: z.string(),
    /** The version the editor based the change on; omitted = last write wins (still serialized). */
    expectedVersion: expectedVersionInput,
  }),
  change: (post, { actor, input, now }, facts) => post.edit(actor.id, input.body, now, input.expectedVersion, facts),
});

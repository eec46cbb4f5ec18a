import { defineCommand } from '@agora/context-runtime';
import { z } from 'zod';
import type { PostSnapshot } from '../../domain/post/post.aggregate';
import { expectedVersionInput, postIdInput } from '../inputs';
import type { TransactionScope } from '../ports';
import { changePost } from '../post-changes';

const setPostCommentsDisabledInput = z.object({
  id: postIdInput,
  /** true turns comments off, false on again. */
  disabled: z.boolean(),
  /** The version the author based the change on; omitted = last write wins (still serialized). */
  expectedVersion: expectedVersionInput,
});

/**
 * `setPostCommentsDisabled`: author only. Returns the post as it now is; the setting it already
 * has changes nothing (same version, no event).
 */
export const setPostCommentsDisabled = defineCommand({
  name: 'setPostCommentsDisabled',
  input: setPostCommentsDisabledInput,
  viewer: 'required',
  handle: (call, scope: TransactionScope): Promise<PostSnapshot> =>
    changePost(call, scope, (post, facts) => post.setCommentsDisabled(call.actor.id, call.input.disabled, call.now, call.input.expectedVersion, facts)),
});

import { defineCommand } from '@agora/context-runtime';
import { z } from 'zod';
import type { PostSnapshot } from '../../domain/post/post.aggregate';
import { VISIBILITIES } from '../../domain/post/visibility';
import { circleIdsInput, expectedVersionInput, postIdInput } from '../inputs';
import type { TransactionScope } from '../ports';
import { changePost } from '../post-changes';

const changePostVisibilityInput = z.object({
  id: postIdInput,
  visibility: z.enum(VISIBILITIES),
  circleIds: circleIdsInput,
  /** The version the author based the change on; omitted = last write wins (still serialized). */
  expectedVersion: expectedVersionInput,
});

/**
 * `changePostVisibility`: author only. Returns the post as it now is; asking for the audience it
 * already has changes nothing (same version, no event).
 */
export const changePostVisibility = defineCommand({
  name: 'changePostVisibility',
  input: changePostVisibilityInput,
  viewer: 'required',
  handle: (call, scope: TransactionScope): Promise<PostSnapshot> =>
    changePost(call, scope, (post, facts) => {
      const { visibility, circleIds, expectedVersion } = call.input;
      post.changeVisibility(call.actor.id, { visibility, circleIds }, call.now, expectedVersion, facts);
    }),
});

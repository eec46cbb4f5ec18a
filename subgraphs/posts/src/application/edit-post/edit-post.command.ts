import { defineCommand } from '@agora/context-runtime';
import { z } from 'zod';
import type { PostSnapshot } from '../../domain/post/post.aggregate';
import { expectedVersionInput, postIdInput } from '../inputs';
import type { TransactionScope } from '../ports';
import { changePost } from '../post-changes';

const editPostInput = z.object({
  id: postIdInput,
  body: z.string(),
  /** The version the editor based the change on; omitted = last write wins (still serialized). */
  expectedVersion: expectedVersionInput,
});

/** `editPost`: the author replaces the body; returns the post as it now is. */
export const editPost = defineCommand({
  name: 'editPost',
  input: editPostInput,
  viewer: 'required',
  handle: (call, scope: TransactionScope): Promise<PostSnapshot> =>
    changePost(call, scope, (post, facts) => post.edit(call.actor.id, call.input.body, call.now, call.input.expectedVersion, facts)),
});

import { defineCommand } from '@agora/context-runtime';
import { z } from 'zod';
import { postIdInput } from '../inputs';
import type { TransactionScope } from '../ports';
import { changePost } from '../post-changes';

/** `deletePost`: the author deletes the post (its stream ends with PostDeleted); answers true. */
export const deletePost = defineCommand({
  name: 'deletePost',
  input: z.object({ id: postIdInput }),
  viewer: 'required',
  async handle(call, scope: TransactionScope): Promise<boolean> {
    await changePost(call, scope, (post, facts) => post.delete(call.actor.id, call.now, facts));
    return true;
  },
});

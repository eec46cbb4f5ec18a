import { defineConsumer } from '@agora/context-runtime';
import { PostDeletedV1 } from '@agora/events';
import type { TransactionScope } from '../ports';

/**
 * On `posts.post.deleted.v1`: records the deletion in the post-access replica (terminal, so later
 * reactions and late events of the post are refused) and removes every reaction to the post and
 * to its comments, in one transaction with the inbox row. Comments publish no deletion for the
 * comments of a deleted post, so this is where their reactions go. No event: consumers of
 * reactions' events see the post's deletion themselves. It replaces the audience kernel's own
 * post-deletion consumer (see app.ts).
 */
export const removeReactionsOnPostDeleted = defineConsumer({
  name: 'RemoveReactionsOnPostDeleted',
  contract: PostDeletedV1,
  async handle({ payload: { postId, authorId } }, { posts, reactions }: TransactionScope) {
    await posts.recordDeleted(postId, authorId);
    await reactions.removeForPost(postId);
  },
});

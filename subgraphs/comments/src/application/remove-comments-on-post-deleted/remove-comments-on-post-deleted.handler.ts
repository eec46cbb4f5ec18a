import { defineConsumer } from '@agora/context-runtime';
import { PostDeletedV1 } from '@agora/events';
import type { TransactionScope } from '../ports';

/**
 * posts.post.deleted.v1 → the post's comments are deleted (no per-comment events: consumers of
 * comments' events drop them on the post's deletion themselves). It also records the deletion in
 * the post's access row in the same transaction — the audience replica's own consumer does the
 * same, idempotently — so `addComment`, which locks that row, can never slip a comment in after
 * the removal.
 */
export const removeCommentsOnPostDeleted = defineConsumer({
  name: 'RemoveCommentsOnPostDeleted',
  contract: PostDeletedV1,
  async handle({ payload: { postId, authorId } }, { posts, comments }: TransactionScope) {
    await posts.recordDeletion(postId, authorId);
    await comments.deleteAllOfPost(postId);
  },
});

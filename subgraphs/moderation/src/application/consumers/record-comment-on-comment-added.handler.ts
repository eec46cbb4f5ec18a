import { defineConsumer } from '@agora/context-runtime';
import { CommentAddedV1 } from '@agora/events';
import type { TransactionScope } from '../ports';

/**
 * On `comments.comment.added.v1`: the comment becomes known (reportable while its post is visible
 * to the reporter and no block stands between reporter and author). An addition arriving after
 * the comment's deletion fills in the tombstone and does not revive it.
 */
export const recordCommentOnCommentAdded = defineConsumer({
  name: 'RecordCommentOnCommentAdded',
  contract: CommentAddedV1,
  async handle({ payload: { commentId, postId, authorId } }, { comments }: TransactionScope) {
    await comments.added({ commentId, postId, authorId });
  },
});

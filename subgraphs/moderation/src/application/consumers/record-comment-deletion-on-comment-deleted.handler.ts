import { defineConsumer } from '@agora/context-runtime';
import { CommentDeletedV1 } from '@agora/events';
import type { TransactionScope } from '../ports';

/**
 * On `comments.comment.deleted.v1`: the comment and its removed replies are deleted for good —
 * before or after their addition arrived — and can no longer be reported. Reports already filed
 * stay (moderators still see them).
 */
export const recordCommentDeletionOnCommentDeleted = defineConsumer({
  name: 'RecordCommentDeletionOnCommentDeleted',
  contract: CommentDeletedV1,
  async handle({ payload: { commentId, postId, authorId, removedCommentIds } }, { comments }: TransactionScope) {
    await comments.deleted({ commentId, postId, authorId, removedCommentIds });
  },
});

import { defineConsumer } from '@agora/context-runtime';
import { CommentDeletedV1 } from '@agora/events';
import type { TransactionScope } from '../ports';

/**
 * On `comments.comment.deleted.v1`: every removed comment (the comment and its replies) becomes
 * deleted for good — before or after its addition arrived — and their reactions are removed, in
 * one transaction with the inbox row. No event (see RemoveReactionsOnPostDeleted).
 */
export const removeReactionsOnCommentDeleted = defineConsumer({
  name: 'RemoveReactionsOnCommentDeleted',
  contract: CommentDeletedV1,
  async handle({ payload: { commentId, postId, authorId, removedCommentIds } }, { comments, reactions }: TransactionScope) {
    const commentIds = [...new Set([commentId, ...removedCommentIds])];
    await comments.apply({ kind: 'deleted', commentId, postId, authorId, commentIds });
    await reactions.removeForSubjects(commentIds);
  },
});

import { defineCommand } from '@agora/context-runtime';
import { deleteComment as decideDelete } from '../../domain/comment/comment';
import { CommentError } from '../../domain/comment/comment.errors';
import { deleteCommentInputSchema } from '../inputs';
import type { TransactionScope } from '../ports';

/**
 * `deleteComment`: the comment's author or the post's author deletes it, with its replies when it
 * is a top-level comment; one `comments.comment.deleted.v1` lists everything removed.
 * The comment is locked first, so a reply being written to it concurrently either commits before
 * (and is listed and removed) or finds its parent gone.
 */
export const deleteComment = defineCommand({
  name: 'deleteComment',
  input: deleteCommentInputSchema,
  viewer: 'required',
  async handle({ input, actor, metadata, now }, { posts, comments, outbox }: TransactionScope): Promise<boolean> {
    const comment = await comments.findForUpdate(input.id);
    if (!comment) throw CommentError.commentNotFound();
    const deleted = decideDelete({
      comment,
      replyIds: comment.parentId === null ? await comments.replyIdsForUpdate(comment.id) : [],
      postAuthorId: await posts.authorOf(comment.postId),
      actorId: actor.id,
      at: now,
    });
    await comments.delete(deleted.removedCommentIds);
    await outbox.append([deleted], metadata);
    return true;
  },
});

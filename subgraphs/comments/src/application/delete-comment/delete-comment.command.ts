import { defineCommand } from '@agora/context-runtime';
import { deleteComment as decideDelete } from '../../domain/comment/comment';
import { CommentError } from '../../domain/comment/comment.errors';
import { hiddenByRemovals } from '../../domain/moderation/moderation';
import { deleteCommentInputSchema } from '../inputs';
import type { TransactionScope } from '../ports';

/**
 * `deleteComment`: the comment's author or the post's author deletes it (a comment the viewer
 * cannot see is NOT_FOUND, like a random id; a visible one that is not theirs FORBIDDEN), with its replies when it
 * is a top-level comment; one `comments.comment.deleted.v1` lists everything removed.
 * The comment is locked first, so a reply being written to it concurrently either commits before
 * (and is listed and removed) or finds its parent gone.
 */
export const deleteComment = defineCommand({
  name: 'deleteComment',
  input: deleteCommentInputSchema,
  viewer: 'required',
  async handle({ input, actor, metadata, now }, { posts, comments, moderation, outbox }: TransactionScope): Promise<boolean> {
    const comment = await comments.findForUpdate(input.id);
    if (!comment) throw CommentError.commentNotFound();
    // What the viewer cannot see is NOT_FOUND, the same answer as for an id that names nothing:
    // a post they may not see, or a comment whose author is in a block with them (hidden in every
    // read). Only a visible comment that is not theirs to delete is FORBIDDEN.
    const post = await posts.forCommenter(comment.postId, actor.id);
    const target = await comments.findReplyTarget(comment.id, actor.id);
    if (!post?.visibleToCommenter || !target || target.blockedWithCommenter) throw CommentError.commentNotFound();
    // Under a moderator's removal (the comment's, its parent's or its post's) only that subject's
    // author still sees it: the author of a removed comment may delete it, anyone else is NOT_FOUND.
    if (hiddenByRemovals(await moderation.removalsAmong([comment.id, comment.parentId, comment.postId]), actor.id))
      throw CommentError.commentNotFound();
    const deleted = decideDelete({
      comment,
      replyIds: comment.parentId === null ? await comments.replyIdsForUpdate(comment.id) : [],
      postAuthorId: post.authorId,
      actorId: actor.id,
      at: now,
    });
    await comments.delete(deleted.removedCommentIds);
    await outbox.append([deleted], metadata);
    return true;
  },
});

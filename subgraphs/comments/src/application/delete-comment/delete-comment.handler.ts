import { deleteComment } from '../../domain/comment/comment';
import { CommentError } from '../../domain/comment/comment.errors';
import { actorIdOf, metadataOf, type Command } from '../command';
import { deleteCommentInputSchema, parse } from '../inputs';
import type { Clock, UnitOfWork } from '../ports';

export interface DeleteCommentDeps {
  unitOfWork: UnitOfWork;
  clock: Clock;
}

/**
 * `deleteComment`: the comment's author or the post's author deletes it, with its replies when it
 * is a top-level comment; one `comments.comment.deleted.v1` lists everything removed.
 * The comment is locked first, so a reply being written to it concurrently either commits before
 * (and is listed and removed) or finds its parent gone.
 */
export class DeleteCommentHandler {
  constructor(private readonly deps: DeleteCommentDeps) {}

  async execute(command: Command): Promise<boolean> {
    const input = parse(deleteCommentInputSchema, command.input);
    return this.deps.unitOfWork.run(async ({ posts, comments, outbox }) => {
      const comment = await comments.findForUpdate(input.id);
      if (!comment) throw CommentError.commentNotFound();
      const deleted = deleteComment({
        comment,
        replyIds: comment.parentId === null ? await comments.replyIdsForUpdate(comment.id) : [],
        postAuthorId: await posts.authorOf(comment.postId),
        actorId: actorIdOf(command),
        at: this.deps.clock.now(),
      });
      await comments.delete(deleted.removedCommentIds);
      await outbox.append([deleted], metadataOf(command));
      return true;
    });
  }
}

import { addComment } from '../../domain/comment/comment';
import { commentBody } from '../../domain/comment/comment-body';
import { actorIdOf, metadataOf, type Command } from '../command';
import { addCommentInputSchema, parse } from '../inputs';
import type { Clock, IdGenerator, UnitOfWork } from '../ports';
import type { CommentView } from '../views';

export interface AddCommentDeps {
  unitOfWork: UnitOfWork;
  clock: Clock;
  ids: IdGenerator;
}

/**
 * `addComment`: validates the input (nothing read yet), then in one transaction checks the post
 * (and the parent, for a reply) against the replica, writes the comment and
 * `comments.comment.added.v1` to the outbox.
 */
export class AddCommentHandler {
  constructor(private readonly deps: AddCommentDeps) {}

  async execute(command: Command): Promise<CommentView> {
    const input = parse(addCommentInputSchema, command.input);
    const body = commentBody(input.body);
    const authorId = actorIdOf(command);
    return this.deps.unitOfWork.run(async ({ posts, comments, outbox }) => {
      const post = await posts.forCommenter(input.postId, authorId);
      const parent = input.parentId !== null && post?.visibleToCommenter ? await comments.findReplyTarget(input.parentId, authorId) : null;
      const added = addComment({
        id: this.deps.ids.newId(),
        authorId,
        body,
        at: this.deps.clock.now(),
        post,
        parentId: input.parentId,
        parent,
      });
      await comments.insert(added.comment);
      await outbox.append([added], metadataOf(command));
      return added.comment;
    });
  }
}

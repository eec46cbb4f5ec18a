import { defineCommand } from '@agora/context-runtime';
import { addComment as decideAdd } from '../../domain/comment/comment';
import { commentBody } from '../../domain/comment/comment-body';
import { addCommentInputSchema } from '../inputs';
import type { TransactionScope } from '../ports';
import type { CommentView } from '../views';

/**
 * `addComment`: the body is checked first (nothing read yet), then the post (and the parent, for
 * a reply) against the replica and moderators' removals; the comment and `comments.comment.added.v1` are written in the
 * command's transaction.
 */
export const addComment = defineCommand({
  name: 'addComment',
  input: addCommentInputSchema,
  viewer: 'required',
  async handle({ input, actor, metadata, now, ids }, { posts, comments, moderation, outbox }: TransactionScope): Promise<CommentView> {
    const body = commentBody(input.body);
    // A post or parent a moderator removed is refused as if it did not exist (its author too).
    const removed = new Set((await moderation.removalsAmong([input.postId, input.parentId])).map((removal) => removal.subjectId));
    const post = removed.has(input.postId) ? null : await posts.forCommenter(input.postId, actor.id);
    const parent =
      input.parentId !== null && post?.visibleToCommenter && !removed.has(input.parentId)
        ? await comments.findReplyTarget(input.parentId, actor.id)
        : null;
    const added = decideAdd({ id: ids.newId(), authorId: actor.id, body, at: now, post, parentId: input.parentId, parent });
    await comments.insert(added.comment);
    await outbox.append([added], metadata);
    return added.comment;
  },
});

import { postDeleted } from '@agora/audience/testing';
import { describe, expect, it } from 'vitest';
import { react } from '../react/react.command';
import { recordCommentOnCommentAdded } from '../record-comment-on-comment-added/record-comment-on-comment-added.handler';
import { removeReactionsOnCommentDeleted } from '../remove-reactions-on-comment-deleted/remove-reactions-on-comment-deleted.handler';
import { commentAdded, commentDeleted } from '../testing/comment-events.mother';
import { aViewer, anId, command, deps } from '../testing/handlers.mother';
import { removeReactionsOnPostDeleted } from './remove-reactions-on-post-deleted.handler';

const CONSUMER = 'reactions--test';

function setup() {
  const d = deps();
  const author = aViewer();
  const reader = aViewer();
  const postId = anId();
  const otherPost = anId();
  const top = anId();
  const reply = anId();
  const other = anId();
  d.unitOfWork.publish(postId, author.userId);
  d.unitOfWork.publish(otherPost, author.userId);
  d.unitOfWork.comment(top, postId, author.userId);
  d.unitOfWork.comment(reply, postId, reader.userId);
  d.unitOfWork.comment(other, otherPost, reader.userId);
  return {
    uow: d.unitOfWork,
    react: d.commands.bind(react),
    onPostDeleted: d.consumer(removeReactionsOnPostDeleted, CONSUMER),
    onCommentAdded: d.consumer(recordCommentOnCommentAdded, CONSUMER),
    onCommentDeleted: d.consumer(removeReactionsOnCommentDeleted, CONSUMER),
    author,
    reader,
    postId,
    otherPost,
    top,
    reply,
    other,
  };
}

describe('consumers of posts and comments', () => {
  it('a post deletion removes the reactions on it and on its comments, once, and no later reaction is accepted', async () => {
    const s = setup();
    for (const subjectId of [s.postId, s.top, s.reply, s.otherPost, s.other])
      await s.react.execute(command(s.reader, { subjectId, kind: 'LIKE' }));
    const event = postDeleted({ postId: s.postId, authorId: s.author.userId });
    await expect(s.onPostDeleted.deliver(event)).resolves.toBe(true);
    await expect(s.onPostDeleted.deliver(event)).resolves.toBe(false);
    expect([...s.uow.tables.reactions.values()].map((reaction) => reaction.subject.id).sort()).toEqual([s.otherPost, s.other].sort());
    await expect(s.react.execute(command(s.reader, { subjectId: s.postId, kind: 'LIKE' }))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(s.react.execute(command(s.reader, { subjectId: s.top, kind: 'LIKE' }))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a post deletion arriving before the publication keeps the post deleted', async () => {
    const s = setup();
    const early = anId();
    await s.onPostDeleted.deliver(postDeleted({ postId: early, authorId: s.author.userId }));
    s.uow.publish(early, s.author.userId);
    await expect(s.react.execute(command(s.reader, { subjectId: early, kind: 'LIKE' }))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a comment deletion removes the reactions on the comment and its replies only', async () => {
    const s = setup();
    for (const subjectId of [s.postId, s.top, s.reply]) await s.react.execute(command(s.reader, { subjectId, kind: 'WOW' }));
    const event = commentDeleted({ commentId: s.top, postId: s.postId, postAuthorId: s.author.userId, authorId: s.author.userId }, [
      s.reply,
    ]);
    await expect(s.onCommentDeleted.deliver(event)).resolves.toBe(true);
    await expect(s.onCommentDeleted.deliver(event)).resolves.toBe(false);
    expect([...s.uow.tables.reactions.values()].map((reaction) => reaction.subject.id)).toEqual([s.postId]);
    expect(s.uow.tables.comments.get(s.reply)).toMatchObject({ deleted: true });
  });

  it('a comment deletion arriving before the addition wins', async () => {
    const s = setup();
    const late = { commentId: anId(), postId: s.postId, postAuthorId: s.author.userId, authorId: s.reader.userId };
    await s.onCommentDeleted.deliver(commentDeleted(late));
    await expect(s.onCommentAdded.deliver(commentAdded(late))).resolves.toBe(true);
    expect(s.uow.tables.comments.get(late.commentId)).toEqual({
      commentId: late.commentId,
      postId: s.postId,
      authorId: s.reader.userId,
      deleted: true,
    });
    await expect(s.react.execute(command(s.author, { subjectId: late.commentId, kind: 'LIKE' }))).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('records an added comment once, making it reactable', async () => {
    const s = setup();
    const fresh = anId();
    const event = commentAdded({ commentId: fresh, postId: s.postId, postAuthorId: s.author.userId, authorId: s.reader.userId });
    await expect(s.onCommentAdded.deliver(event)).resolves.toBe(true);
    await expect(s.onCommentAdded.deliver(event)).resolves.toBe(false);
    await expect(s.react.execute(command(s.author, { subjectId: fresh, kind: 'LOVE' }))).resolves.toBe(true);
  });

  it('receives ids canonical (lower case) from the contracts, whatever the producer wrote', async () => {
    const s = setup();
    await s.react.execute(command(s.reader, { subjectId: s.reply, kind: 'LIKE' }));
    const upper = (id: string) => id.toUpperCase();
    await s.onCommentDeleted.deliver({
      id: anId(),
      payload: {
        commentId: upper(s.reply),
        postId: upper(s.postId),
        authorId: upper(s.reader.userId),
        parentId: upper(s.top),
        removedCommentIds: [upper(s.reply)],
        deletedBy: upper(s.reader.userId),
        deletedAt: new Date().toISOString(),
      },
    });
    expect(s.uow.tables.comments.get(s.reply)).toMatchObject({ deleted: true });
    expect(s.uow.reaction(s.reader.userId, s.reply)).toBeUndefined();
  });
});

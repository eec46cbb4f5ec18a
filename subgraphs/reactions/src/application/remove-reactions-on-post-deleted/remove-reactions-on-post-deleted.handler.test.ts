import { describe, expect, it } from 'vitest';
import { RecordCommentOnCommentAddedHandler } from '../record-comment-on-comment-added/record-comment-on-comment-added.handler';
import { ReactHandler } from '../react/react.handler';
import { RemoveReactionsOnCommentDeletedHandler } from '../remove-reactions-on-comment-deleted/remove-reactions-on-comment-deleted.handler';
import { aViewer, anId, command, deps } from '../testing/handlers.mother';
import { RemoveReactionsOnPostDeletedHandler } from './remove-reactions-on-post-deleted.handler';

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
    react: new ReactHandler(d),
    postDeleted: new RemoveReactionsOnPostDeletedHandler(d),
    commentAdded: new RecordCommentOnCommentAddedHandler(d),
    commentDeleted: new RemoveReactionsOnCommentDeletedHandler(d),
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
    for (const subjectId of [s.postId, s.top, s.reply, s.otherPost, s.other]) await s.react.execute(command(s.reader, { subjectId, kind: 'LIKE' }));
    const event = { eventId: anId(), postId: s.postId, authorId: s.author.userId };
    await expect(s.postDeleted.handle(CONSUMER, event)).resolves.toBe(true);
    await expect(s.postDeleted.handle(CONSUMER, event)).resolves.toBe(false);
    expect([...s.uow.tables.reactions.values()].map((reaction) => reaction.subject.id).sort()).toEqual([s.otherPost, s.other].sort());
    await expect(s.react.execute(command(s.reader, { subjectId: s.postId, kind: 'LIKE' }))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(s.react.execute(command(s.reader, { subjectId: s.top, kind: 'LIKE' }))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a post deletion arriving before the publication keeps the post deleted', async () => {
    const s = setup();
    const early = anId();
    await s.postDeleted.handle(CONSUMER, { eventId: anId(), postId: early, authorId: s.author.userId });
    s.uow.publish(early, s.author.userId);
    await expect(s.react.execute(command(s.reader, { subjectId: early, kind: 'LIKE' }))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a comment deletion removes the reactions on the comment and its replies only', async () => {
    const s = setup();
    for (const subjectId of [s.postId, s.top, s.reply]) await s.react.execute(command(s.reader, { subjectId, kind: 'WOW' }));
    const event = { eventId: anId(), commentId: s.top, postId: s.postId, authorId: s.author.userId, removedCommentIds: [s.top, s.reply] };
    await expect(s.commentDeleted.handle(CONSUMER, event)).resolves.toBe(true);
    await expect(s.commentDeleted.handle(CONSUMER, event)).resolves.toBe(false);
    expect([...s.uow.tables.reactions.values()].map((reaction) => reaction.subject.id)).toEqual([s.postId]);
    expect(s.uow.tables.comments.get(s.reply)).toMatchObject({ deleted: true });
  });

  it('a comment deletion arriving before the addition wins', async () => {
    const s = setup();
    const late = anId();
    await s.commentDeleted.handle(CONSUMER, { eventId: anId(), commentId: late, postId: s.postId, authorId: s.reader.userId, removedCommentIds: [late] });
    await expect(s.commentAdded.handle(CONSUMER, { eventId: anId(), commentId: late, postId: s.postId, authorId: s.reader.userId })).resolves.toBe(true);
    expect(s.uow.tables.comments.get(late)).toEqual({ commentId: late, postId: s.postId, authorId: s.reader.userId, deleted: true });
    await expect(s.react.execute(command(s.author, { subjectId: late, kind: 'LIKE' }))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('records an added comment once, making it reactable', async () => {
    const s = setup();
    const fresh = anId();
    const event = { eventId: anId(), commentId: fresh, postId: s.postId, authorId: s.reader.userId };
    await expect(s.commentAdded.handle(CONSUMER, event)).resolves.toBe(true);
    await expect(s.commentAdded.handle(CONSUMER, event)).resolves.toBe(false);
    await expect(s.react.execute(command(s.author, { subjectId: fresh, kind: 'LOVE' }))).resolves.toBe(true);
  });
});

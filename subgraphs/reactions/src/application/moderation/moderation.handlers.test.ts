import { describe, expect, it } from 'vitest';
import { react } from '../react/react.command';
import { unreact } from '../unreact/unreact.command';
import { aViewer, anId, command, deps } from '../testing/handlers.mother';
import { hideReactionsOnContentRemoved } from './hide-reactions-on-content-removed.handler';
import { showReactionsOnContentRestored } from './show-reactions-on-content-restored.handler';

const MODERATOR = '01900000-0000-7000-8000-0000000000d0';
const T = Date.UTC(2026, 5, 1, 12);
const at = (minutes: number) => new Date(T + minutes * 60_000).toISOString();
const decision = (subject: { subjectId: string; postId: string; authorId: string; type: 'POST' | 'COMMENT' }) => ({
  subjectType: subject.type,
  subjectId: subject.subjectId,
  postId: subject.postId,
  authorId: subject.authorId,
  moderatorId: MODERATOR,
  reportId: null,
  reason: null,
});

function setup() {
  const d = deps();
  const author = aViewer();
  const reader = aViewer();
  const postId = anId();
  const commentId = anId();
  d.unitOfWork.publish(postId, author.userId);
  d.unitOfWork.comment(commentId, postId, author.userId);
  const post = { subjectId: postId, postId, authorId: author.userId, type: 'POST' as const };
  const comment = { subjectId: commentId, postId, authorId: author.userId, type: 'COMMENT' as const };
  const hide = d.consumer(hideReactionsOnContentRemoved, 'reactions--hide-reactions-on-content-removed');
  const show = d.consumer(showReactionsOnContentRestored, 'reactions--show-reactions-on-content-restored');
  return {
    uow: d.unitOfWork,
    react: d.commands.bind(react),
    unreact: d.commands.bind(unreact),
    reader,
    postId,
    commentId,
    removed: (subject: typeof post | typeof comment, minutes: number, id = anId()) =>
      hide.deliver({ id, payload: { ...decision(subject), removedAt: at(minutes) } }),
    restored: (subject: typeof post | typeof comment, minutes: number, id = anId()) =>
      show.deliver({ id, payload: { ...decision(subject), restoredAt: at(minutes) } }),
    post,
    comment,
  };
}

describe('HideReactionsOnContentRemoved / ShowReactionsOnContentRestored', () => {
  it('applies a removal once (the same event twice is skipped) and refuses reactions to the removed post and its comments', async () => {
    const s = setup();
    await s.react.execute(command(s.reader, { subjectId: s.postId, kind: 'LIKE' }));
    const id = anId();
    await expect(s.removed(s.post, 1, id)).resolves.toBe(true);
    await expect(s.removed(s.post, 1, id)).resolves.toBe(false);
    for (const subjectId of [s.postId, s.commentId])
      await expect(s.react.execute(command(s.reader, { subjectId, kind: 'LOVE' }))).rejects.toMatchObject({
        code: 'NOT_FOUND',
        reason: 'REACTIONS.SUBJECT_NOT_FOUND',
      });
    // Nothing is deleted: the reaction is still there for the restoration.
    expect(s.uow.reaction(s.reader.userId, s.postId)?.kind).toBe('LIKE');
    // Withdrawing one's own reaction still works.
    await expect(s.unreact.execute(command(s.reader, { subjectId: s.postId }))).resolves.toBe(true);
  });

  it('removed → restored → removed again with new events: reactable only in between; a late older restoration changes nothing', async () => {
    const s = setup();
    await s.removed(s.comment, 1);
    await expect(s.react.execute(command(s.reader, { subjectId: s.commentId, kind: 'WOW' }))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await s.restored(s.comment, 2);
    await expect(s.react.execute(command(s.reader, { subjectId: s.commentId, kind: 'WOW' }))).resolves.toBe(true);
    await s.removed(s.comment, 3);
    await s.restored(s.comment, 2);
    await s.restored(s.comment, 3); // at the same instant a removal wins
    expect(s.uow.tables.moderation.get(s.commentId)).toMatchObject({ removed: true, decidedAt: new Date(at(3)) });
    await expect(s.react.execute(command(s.reader, { subjectId: s.commentId, kind: 'SAD' }))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // The post itself was never removed.
    await expect(s.react.execute(command(s.reader, { subjectId: s.postId, kind: 'SAD' }))).resolves.toBe(true);
  });
});

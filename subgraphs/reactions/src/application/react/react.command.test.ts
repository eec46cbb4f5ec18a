import { describe, expect, it } from 'vitest';
import { aViewer, anId, command, deps } from '../testing/handlers.mother';
import { react } from './react.command';

function setup() {
  const d = deps();
  const uow = d.unitOfWork;
  const author = aViewer();
  const viewer = aViewer();
  const postId = anId();
  uow.publish(postId, author.userId);
  return { ...d, uow, handler: d.commands.bind(react), author, viewer, postId };
}

async function failure(promise: Promise<unknown>) {
  const error = await promise.then(
    () => expect.unreachable('expected a failure'),
    (thrown: unknown) => thrown,
  );
  return error as { code: string; reason: string; field?: string };
}

describe('react', () => {
  it('reacts to a visible post and publishes reactions.reaction.set with no previous kind', async () => {
    const { handler, uow, viewer, author, postId } = setup();
    await expect(handler.execute(command(viewer, { subjectId: postId, kind: 'LIKE' }))).resolves.toBe(true);
    expect(uow.reaction(viewer.userId, postId)).toMatchObject({ kind: 'LIKE', version: 1 });
    expect(uow.outbox).toEqual([
      {
        event: expect.objectContaining({
          type: 'ReactionSet',
          subject: { id: postId, type: 'POST', postId, authorId: author.userId },
          userId: viewer.userId,
          kind: 'LIKE',
          previousKind: null,
          version: 1,
        }),
        metadata: { correlationId: 'request-1', causationId: null, actorId: viewer.userId },
      },
    ]);
  });

  it('replaces the kind (previousKind set) and treats the same kind again as a no-op', async () => {
    const { handler, uow, viewer, postId } = setup();
    await handler.execute(command(viewer, { subjectId: postId, kind: 'LIKE' }));
    await handler.execute(command(viewer, { subjectId: postId, kind: 'ANGRY' }));
    await expect(handler.execute(command(viewer, { subjectId: postId, kind: 'ANGRY' }))).resolves.toBe(true);
    expect(uow.outbox.map(({ event }) => [event.type, 'kind' in event ? event.kind : null, event.previousKind, event.version])).toEqual([
      ['ReactionSet', 'LIKE', null, 1],
      ['ReactionSet', 'ANGRY', 'LIKE', 2],
    ]);
    expect(uow.reaction(viewer.userId, postId)).toMatchObject({ kind: 'ANGRY', version: 2 });
  });

  it('reacts to a comment on a visible post, naming the comment author and its post', async () => {
    const { handler, uow, viewer, postId } = setup();
    const commenter = aViewer();
    const commentId = anId();
    uow.comment(commentId, postId, commenter.userId);
    await handler.execute(command(viewer, { subjectId: commentId, kind: 'LOVE' }));
    expect(uow.outbox[0]!.event.subject).toEqual({ id: commentId, type: 'COMMENT', postId, authorId: commenter.userId });
  });

  it('refuses an id that is not a UUID with BAD_USER_INPUT on subjectId, and an unknown kind on kind', async () => {
    const { handler, uow, viewer } = setup();
    expect(await failure(handler.execute(command(viewer, { subjectId: 'not-an-id', kind: 'LIKE' })))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'subjectId',
    });
    expect(await failure(handler.execute(command(viewer, { subjectId: anId(), kind: 'MEH' })))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'kind',
    });
    expect(uow.outbox).toEqual([]);
  });

  it('answers NOT_FOUND for a missing, unpublished, deleted or invisible post', async () => {
    const { handler, uow, viewer, author } = setup();
    const unknown = anId();
    const deleted = anId();
    uow.publish(deleted, author.userId);
    uow.post({ kind: 'deleted', postId: deleted, authorId: author.userId });
    const onlyVisibilityKnown = anId();
    uow.post({
      kind: 'access',
      postId: onlyVisibilityKnown,
      authorId: author.userId,
      visibility: 'PUBLIC',
      circleIds: [],
      commentsDisabled: false,
      version: 2,
    });
    const followersOnly = anId();
    uow.publish(followersOnly, author.userId, { visibility: 'FOLLOWERS' });
    for (const subjectId of [unknown, deleted, onlyVisibilityKnown, followersOnly]) {
      expect(await failure(handler.execute(command(viewer, { subjectId, kind: 'LIKE' })))).toMatchObject({
        code: 'NOT_FOUND',
        reason: 'REACTIONS.SUBJECT_NOT_FOUND',
        field: 'subjectId',
      });
    }
    expect(uow.outbox).toEqual([]);
    expect(uow.tables.reactions.size).toBe(0);
  });

  it('lets followers react to a FOLLOWERS post and the author to their own', async () => {
    const { handler, uow, viewer, author } = setup();
    const postId = anId();
    uow.publish(postId, author.userId, { visibility: 'FOLLOWERS' });
    uow.socialChange({ kind: 'follow', followerId: viewer.userId, followeeId: author.userId, version: 1, active: true });
    await expect(handler.execute(command(viewer, { subjectId: postId, kind: 'WOW' }))).resolves.toBe(true);
    await expect(handler.execute(command(author, { subjectId: postId, kind: 'WOW' }))).resolves.toBe(true);
  });

  it('answers NOT_FOUND for a post whose author is in a block with the viewer', async () => {
    const { handler, uow, viewer, author, postId } = setup();
    uow.socialChange({ kind: 'block', blockerId: author.userId, blockedId: viewer.userId, version: 1, active: true });
    expect(await failure(handler.execute(command(viewer, { subjectId: postId, kind: 'LIKE' })))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('answers NOT_FOUND for an unknown or deleted comment, one on an invisible post, or one by a user in a block with the viewer', async () => {
    const { handler, uow, viewer, author, postId } = setup();
    const commenter = aViewer();
    const notArrived = anId();
    const deleted = anId();
    uow.comment(deleted, postId, commenter.userId);
    await uow.runOnce('test', anId(), (scope) =>
      scope.comments.apply({ kind: 'deleted', commentId: deleted, postId, authorId: commenter.userId, commentIds: [deleted] }),
    );
    const hiddenPost = anId();
    uow.publish(hiddenPost, author.userId, { visibility: 'CIRCLE', circleIds: [anId()] });
    const onHiddenPost = anId();
    uow.comment(onHiddenPost, hiddenPost, commenter.userId);
    const blocker = aViewer();
    const byBlocker = anId();
    uow.comment(byBlocker, postId, blocker.userId);
    uow.socialChange({ kind: 'block', blockerId: blocker.userId, blockedId: viewer.userId, version: 1, active: true });
    for (const subjectId of [notArrived, deleted, onHiddenPost, byBlocker]) {
      expect(await failure(handler.execute(command(viewer, { subjectId, kind: 'LIKE' })))).toMatchObject({
        code: 'NOT_FOUND',
        field: 'subjectId',
      });
    }
    // The comment that had not arrived becomes reactable once it does.
    uow.comment(notArrived, postId, commenter.userId);
    await expect(handler.execute(command(viewer, { subjectId: notArrived, kind: 'LIKE' }))).resolves.toBe(true);
  });

  it('compares ids case-insensitively (ids are stored lower case)', async () => {
    const { handler, uow, viewer, postId } = setup();
    await handler.execute(command(viewer, { subjectId: postId.toUpperCase(), kind: 'LIKE' }));
    expect(uow.reaction(viewer.userId, postId)).toMatchObject({ kind: 'LIKE' });
  });
});

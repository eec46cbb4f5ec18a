import { describe, expect, it } from 'vitest';
import { react } from '../react/react.command';
import { aViewer, anId, command, deps } from '../testing/handlers.mother';
import { unreact } from './unreact.command';

function setup() {
  const d = deps();
  const author = aViewer();
  const viewer = aViewer();
  const postId = anId();
  d.unitOfWork.publish(postId, author.userId);
  return { uow: d.unitOfWork, react: d.commands.bind(react), unreact: d.commands.bind(unreact), viewer, author, postId };
}

describe('unreact', () => {
  it('removes the reaction, publishes reactions.reaction.removed with the previous kind, and is idempotent', async () => {
    const { uow, react, unreact, viewer, author, postId } = setup();
    await react.execute(command(viewer, { subjectId: postId, kind: 'LAUGH' }));
    await expect(unreact.execute(command(viewer, { subjectId: postId }))).resolves.toBe(true);
    await expect(unreact.execute(command(viewer, { subjectId: postId }))).resolves.toBe(false);
    expect(uow.outbox.map(({ event }) => event)).toEqual([
      expect.objectContaining({ type: 'ReactionSet', version: 1 }),
      expect.objectContaining({
        type: 'ReactionRemoved',
        subject: { id: postId, type: 'POST', postId, authorId: author.userId },
        userId: viewer.userId,
        previousKind: 'LAUGH',
        version: 2,
      }),
    ]);
    expect(uow.reaction(viewer.userId, postId)).toMatchObject({ kind: null, version: 2 });
  });

  it('returns false without an event when the viewer never reacted', async () => {
    const { uow, unreact, viewer, postId } = setup();
    await expect(unreact.execute(command(viewer, { subjectId: postId }))).resolves.toBe(false);
    await expect(unreact.execute(command(viewer, { subjectId: anId() }))).resolves.toBe(false);
    expect(uow.outbox).toEqual([]);
  });

  it('continues the version after a withdrawal when the viewer reacts again', async () => {
    const { uow, react, unreact, viewer, postId } = setup();
    await react.execute(command(viewer, { subjectId: postId, kind: 'LIKE' }));
    await unreact.execute(command(viewer, { subjectId: postId }));
    await react.execute(command(viewer, { subjectId: postId, kind: 'LIKE' }));
    expect(uow.outbox.at(-1)!.event).toMatchObject({ type: 'ReactionSet', kind: 'LIKE', previousKind: null, version: 3 });
  });

  it('lets the viewer withdraw a reaction from a post they can no longer see', async () => {
    const { uow, react, unreact, viewer, author, postId } = setup();
    await react.execute(command(viewer, { subjectId: postId, kind: 'LIKE' }));
    uow.socialChange({ kind: 'block', blockerId: author.userId, blockedId: viewer.userId, version: 1, active: true });
    await expect(unreact.execute(command(viewer, { subjectId: postId }))).resolves.toBe(true);
  });

  it('refuses an id that is not a UUID with BAD_USER_INPUT on subjectId', async () => {
    const { unreact, viewer } = setup();
    await expect(unreact.execute(command(viewer, { subjectId: '42' }))).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'subjectId',
    });
  });
});

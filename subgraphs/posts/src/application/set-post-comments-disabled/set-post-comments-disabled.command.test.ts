import { beforeEach, describe, expect, it } from 'vitest';
import { setPostCommentsDisabled } from './set-post-comments-disabled.command';
import { MISSING_POST, arrange } from '../testing/commands.mother';
import { ALICE, BOB, aPost } from '../../domain/post/post.mother';

describe('setPostCommentsDisabled', () => {
  let { unitOfWork, social, execute } = arrange(setPostCommentsDisabled);
  beforeEach(() => ({ unitOfWork, social, execute } = arrange(setPostCommentsDisabled)));

  it('turns comments off then on, one PostCommentsToggled each; the same setting again changes nothing', async () => {
    const stored = aPost({ version: 1 });
    unitOfWork.seed(stored);
    expect(await execute(ALICE, { id: stored.id, disabled: true, expectedVersion: 1 })).toMatchObject({
      commentsDisabled: true,
      version: 2,
    });
    expect(await execute(ALICE, { id: stored.id, disabled: true })).toMatchObject({ version: 2 });
    expect(await execute(ALICE, { id: stored.id, disabled: false, expectedVersion: 2 })).toMatchObject({
      commentsDisabled: false,
      version: 3,
    });
    expect(unitOfWork.outbox.map((o) => [o.event.type, o.event.version])).toEqual([
      ['PostCommentsToggled', 2],
      ['PostCommentsToggled', 3],
    ]);
    expect(social.asked).toBe(0);
  });

  it('CONFLICT on a stale version, FORBIDDEN for a reader who is not the author, NOT_FOUND when missing', async () => {
    const stored = aPost({ version: 3 });
    unitOfWork.seed(stored);
    await expect(execute(ALICE, { id: stored.id, disabled: true, expectedVersion: 2 })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(execute(BOB, { id: stored.id, disabled: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(execute(ALICE, { id: MISSING_POST, disabled: true })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(unitOfWork.post(stored.id)).toEqual(stored);
    expect(unitOfWork.outbox).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { setBanner } from '../set-banner/set-banner.command';
import { ALICE, BOB, T1, UNKNOWN, aMediaItem, as, rejection, setup } from '../testing/handlers.mother';
import { setAvatar } from './set-avatar.command';

describe('SetAvatar / SetBanner', () => {
  it("fills the slot with the viewer's READY image, replaces it on a second call and returns the viewer", async () => {
    const deps = setup();
    const [first, second] = [aMediaItem(), aMediaItem()];
    deps.unitOfWork.store(first!);
    deps.unitOfWork.store(second!);

    expect(await deps.commands.bind(setAvatar).execute(as(ALICE, { id: first!.id }))).toEqual({ id: ALICE });
    await deps.commands.bind(setAvatar).execute(as(ALICE, { id: second!.id }));
    await deps.commands.bind(setBanner).execute(as(ALICE, { id: first!.id }));

    expect(deps.unitOfWork.profileImage(ALICE, 'AVATAR')).toBe(second!.id);
    expect(deps.unitOfWork.profileImage(ALICE, 'BANNER')).toBe(first!.id);
    expect(deps.unitOfWork.events()).toEqual([
      { type: 'ProfileImageChanged', userId: ALICE, slot: 'AVATAR', mediaId: first!.id, at: T1 },
      { type: 'ProfileImageChanged', userId: ALICE, slot: 'AVATAR', mediaId: second!.id, at: T1 },
      { type: 'ProfileImageChanged', userId: ALICE, slot: 'BANNER', mediaId: first!.id, at: T1 },
    ]);
  });

  it.each([
    ['a video', { kind: 'VIDEO' as const }, ALICE, { code: 'BAD_USER_INPUT', reason: 'MEDIA.NOT_AN_IMAGE' }],
    ['a FAILED image', { status: 'FAILED' as const }, ALICE, { code: 'BAD_USER_INPUT', reason: 'MEDIA.NOT_READY' }],
    ["someone else's image", {}, BOB, { code: 'FORBIDDEN', reason: 'MEDIA.NOT_OWNER' }],
  ])('refuses %s', async (_label, overrides, viewer, expected) => {
    const deps = setup();
    const item = aMediaItem(overrides);
    deps.unitOfWork.store(item);

    expect(await rejection(deps.commands.bind(setAvatar).execute(as(viewer, { id: item.id })))).toMatchObject(expected);
    expect(deps.unitOfWork.outbox).toEqual([]);
  });

  it('refuses an unknown item', async () => {
    const deps = setup();
    expect(await rejection(deps.commands.bind(setBanner).execute(as(ALICE, { id: UNKNOWN })))).toMatchObject({
      code: 'NOT_FOUND',
      reason: 'MEDIA.NOT_FOUND',
    });
  });
});

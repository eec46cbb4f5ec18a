import { describe, expect, it } from 'vitest';
import { ACCOUNT_ID, T0 } from '../../domain/profile/profile.mother';
import { setup } from '../testing/use-cases.mother';

const AVATAR_1 = '01900000-0000-7000-8000-0000000ed1a1';
const AVATAR_2 = '01900000-0000-7000-8000-0000000ed1a2';
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000).toISOString();
let ids = 0;
const changed = (slot: 'AVATAR' | 'BANNER', mediaId: string | null, seconds: number) => ({
  id: `01900000-0000-7000-8000-${(++ids).toString(16).padStart(12, '0')}`,
  payload: { userId: ACCOUNT_ID, slot, mediaId, changedAt: at(seconds) },
});

describe('RecordProfileImageOnProfileImageChanged', () => {
  it('keeps the newest change per user and slot, whatever order the events arrive in; null clears', async () => {
    const { unitOfWork, profileImages } = setup();
    const slot = () => unitOfWork.profileImages.get(`${ACCOUNT_ID}/AVATAR`);

    await profileImages.deliver(changed('AVATAR', AVATAR_2, 20));
    await profileImages.deliver(changed('AVATAR', AVATAR_1, 10)); // older: ignored
    expect(slot()?.mediaId).toBe(AVATAR_2);
    await profileImages.deliver(changed('AVATAR', null, 30));
    expect(slot()).toMatchObject({ mediaId: null });
    await profileImages.deliver(changed('AVATAR', AVATAR_1, 25)); // older than the clearing: ignored
    expect(slot()).toMatchObject({ mediaId: null });
    // A banner is another slot.
    await profileImages.deliver(changed('BANNER', AVATAR_1, 5));
    expect(unitOfWork.profileImages.get(`${ACCOUNT_ID}/BANNER`)?.mediaId).toBe(AVATAR_1);
    expect(slot()).toMatchObject({ mediaId: null });
  });

  it('applies an event once (the inbox)', async () => {
    const { profileImages } = setup();
    const event = changed('AVATAR', AVATAR_1, 1);
    expect(await profileImages.deliver(event)).toBe(true);
    expect(await profileImages.deliver(event)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { showAttachmentsOnContentRestored } from '../show-attachments-on-content-restored/show-attachments-on-content-restored.handler';
import { ALICE, POST_1, T1, setup } from '../testing/handlers.mother';
import { hideAttachmentsOnContentRemoved } from './hide-attachments-on-content-removed.handler';

const MODERATOR = '01900000-0000-7000-8000-0000000000d0';
const eventId = (n: number) => `01935f0e-7a3c-7000-8000-00000000f${String(n).padStart(3, '0')}`;
const at = (seconds: number) => new Date(T1.getTime() + seconds * 1000);
const subject = (subjectType: 'POST' | 'COMMENT' = 'POST') => ({
  subjectType,
  subjectId: subjectType === 'POST' ? POST_1 : '01935f0e-7a3c-7000-8000-0000000c0001',
  postId: POST_1,
  authorId: ALICE,
  moderatorId: MODERATOR,
  reportId: null,
  reason: null,
});
const removal = (n: number, seconds: number, subjectType?: 'POST' | 'COMMENT') => ({
  id: eventId(n),
  payload: { ...subject(subjectType), removedAt: at(seconds).toISOString() },
});
const restoration = (n: number, seconds: number) => ({ id: eventId(n), payload: { ...subject(), restoredAt: at(seconds).toISOString() } });

describe('HideAttachmentsOnContentRemoved / ShowAttachmentsOnContentRestored', () => {
  it('record the decision once per event; removed → restored → removed again with a new event', async () => {
    const deps = setup();
    const hide = deps.consumer(hideAttachmentsOnContentRemoved, 'media--hide-attachments-on-content-removed');
    const show = deps.consumer(showAttachmentsOnContentRestored, 'media--show-attachments-on-content-restored');
    const state = () => deps.unitOfWork.tables.moderation.get(POST_1);

    expect(await hide.deliver(removal(1, 1))).toBe(true);
    expect(await hide.deliver(removal(1, 1))).toBe(false);
    expect(state()).toEqual({ removed: true, decidedAt: at(1) });
    expect(await show.deliver(restoration(2, 2))).toBe(true);
    expect(await show.deliver(restoration(2, 2))).toBe(false);
    expect(state()).toEqual({ removed: false, decidedAt: at(2) });
    expect(await hide.deliver(removal(3, 3))).toBe(true);
    expect(state()).toEqual({ removed: true, decidedAt: at(3) });
    // Nothing detached or deleted, nothing published.
    expect(deps.unitOfWork.outbox).toEqual([]);
  });

  it('the newest decision wins whatever the arrival order; a comment has no media', async () => {
    const deps = setup();
    const hide = deps.consumer(hideAttachmentsOnContentRemoved, 'media--hide-attachments-on-content-removed');
    const show = deps.consumer(showAttachmentsOnContentRestored, 'media--show-attachments-on-content-restored');
    await hide.deliver(removal(9, 1, 'COMMENT'));
    expect(deps.unitOfWork.tables.moderation.size).toBe(0);
    await show.deliver(restoration(2, 2));
    await hide.deliver(removal(1, 1));
    expect(deps.unitOfWork.tables.moderation.get(POST_1)).toEqual({ removed: false, decidedAt: at(2) });
  });
});

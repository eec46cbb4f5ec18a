import { postEvent, socialEvent } from '@agora/audience/testing';
import { bindConsumer } from '@agora/context-runtime';
import { describe, expect, it } from 'vitest';
import { BackfillWindow } from '../domain/timeline/timeline-rule';
import { InMemoryTimelineStore } from './testing/in-memory-timeline.store';
import { InMemoryUnitOfWork } from './testing/in-memory-unit-of-work';
import {
  backfillTimelineOnFollowCreated,
  fanOutPostOnPostPublished,
  hidePostOnContentRemoved,
  showPostOnContentRestored,
} from './timeline.handlers';

const id = (n: number) => `01900000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;
const [ALICE, BOB, MODERATOR] = [id(1), id(2), id(3)];
const [OLDER, POST, NEWER] = [id(100), id(101), id(102)];
const minute = (m: number) => new Date(Date.UTC(2026, 2, 1, 0, m));

function arrange() {
  const unitOfWork = new InMemoryUnitOfWork(new InMemoryTimelineStore(BackfillWindow.ofDays(30)));
  return {
    unitOfWork,
    store: unitOfWork.store,
    published: bindConsumer(unitOfWork, fanOutPostOnPostPublished),
    followed: bindConsumer(unitOfWork, backfillTimelineOnFollowCreated),
    removed: bindConsumer(unitOfWork, hidePostOnContentRemoved),
    restored: bindConsumer(unitOfWork, showPostOnContentRestored),
  };
}

const subject = (postId: string, commentId?: string) => ({
  subjectType: commentId ? ('COMMENT' as const) : ('POST' as const),
  subjectId: commentId ?? postId,
  postId,
  authorId: ALICE,
  moderatorId: MODERATOR,
  reportId: null,
  reason: null,
});
const removal = (n: number, postId: string, at: Date, commentId?: string) => ({
  id: id(900 + n),
  payload: { ...subject(postId, commentId), removedAt: at.toISOString() },
});
const restoration = (n: number, postId: string, at: Date) => ({
  id: id(900 + n),
  payload: { ...subject(postId), restoredAt: at.toISOString() },
});

/** Alice's three posts (published a minute apart), Bob following her. */
async function aliceAndBob(deps: ReturnType<typeof arrange>) {
  await deps.followed.deliver(
    socialEvent({ kind: 'follow', followerId: BOB, followeeId: ALICE, version: 1, active: true, at: minute(0) }, { at: minute(0) }),
  );
  for (const [i, postId] of [OLDER, POST, NEWER].entries()) {
    const at = minute(i + 1);
    await deps.published.deliver(
      postEvent(
        {
          kind: 'access',
          postId,
          authorId: ALICE,
          visibility: 'PUBLIC',
          circleIds: [],
          commentsDisabled: false,
          version: 1,
          publishedAt: at,
        },
        at,
      ),
    );
  }
}

describe('moderation handlers', () => {
  it('a removal leaves the post out of every feed, once per event; a restoration puts it back at its original place', async () => {
    const deps = arrange();
    await aliceAndBob(deps);
    const rows = deps.store.rows();

    expect(await deps.removed.deliver(removal(1, POST, minute(10)))).toBe(true);
    expect(await deps.removed.deliver(removal(1, POST, minute(10)))).toBe(false);
    expect(deps.store.feed(BOB)).toEqual([NEWER, OLDER]);
    expect(deps.store.feed(ALICE)).toEqual([NEWER, OLDER]);
    // The rows stay (that is what restores the original position); nothing is announced.
    expect(deps.store.rows()).toEqual(rows);
    expect(deps.unitOfWork.announced.filter((a) => a.item.postId === POST && a.metadata.causationId === id(901))).toEqual([]);

    expect(await deps.restored.deliver(restoration(2, POST, minute(11)))).toBe(true);
    expect(await deps.restored.deliver(restoration(2, POST, minute(11)))).toBe(false);
    expect(deps.store.feed(BOB)).toEqual([NEWER, POST, OLDER]);

    // Removed again, by a new decision.
    expect(await deps.removed.deliver(removal(3, POST, minute(12)))).toBe(true);
    expect(deps.store.feed(BOB)).toEqual([NEWER, OLDER]);
  });

  it('the newest decision wins whatever the arrival order (removal and restoration are separate durables)', async () => {
    const deps = arrange();
    await aliceAndBob(deps);
    await deps.restored.deliver(restoration(2, POST, minute(11)));
    await deps.removed.deliver(removal(1, POST, minute(10)));
    expect(deps.store.feed(BOB)).toEqual([NEWER, POST, OLDER]);
    // At the same instant a removal wins.
    await deps.restored.deliver(restoration(4, NEWER, minute(20)));
    await deps.removed.deliver(removal(3, NEWER, minute(20)));
    expect(deps.store.feed(BOB)).toEqual([POST, OLDER]);
  });

  it("a comment's removal changes nothing in the feed", async () => {
    const deps = arrange();
    await aliceAndBob(deps);
    expect(await deps.removed.deliver(removal(1, POST, minute(10), id(555)))).toBe(true);
    expect(deps.store.moderation.size).toBe(0);
    expect(deps.store.feed(BOB)).toEqual([NEWER, POST, OLDER]);
  });
});

import { postEvent, socialEvent } from '@agora/audience/testing';
import { bindConsumer } from '@agora/context-runtime';
import { describe, expect, it } from 'vitest';
import { BackfillWindow } from '../domain/timeline/timeline-rule';
import { InMemoryTimelineStore } from './testing/in-memory-timeline.store';
import { InMemoryUnitOfWork } from './testing/in-memory-unit-of-work';
import {
  backfillTimelineOnFollowCreated,
  fanOutPostOnPostPublished,
  pruneTimelineOnFollowRemoved,
  removePostOnPostDeleted,
} from './timeline.handlers';

const id = (n: number) => `01900000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;
const [ALICE, BOB] = [id(1), id(2)];
const POST = id(100);
const publishedAt = new Date('2026-03-01T00:00:00.000Z');
const followedAt = new Date('2026-03-02T00:00:00.000Z');

function arrange() {
  const unitOfWork = new InMemoryUnitOfWork(new InMemoryTimelineStore(BackfillWindow.ofDays(30)));
  return {
    store: unitOfWork.store,
    published: bindConsumer(unitOfWork, fanOutPostOnPostPublished),
    deleted: bindConsumer(unitOfWork, removePostOnPostDeleted),
    followed: bindConsumer(unitOfWork, backfillTimelineOnFollowCreated),
    unfollowed: bindConsumer(unitOfWork, pruneTimelineOnFollowRemoved),
  };
}

const publication = postEvent(
  { kind: 'access', postId: POST, authorId: ALICE, visibility: 'PUBLIC', circleIds: [], commentsDisabled: false, version: 1, publishedAt },
  publishedAt,
);
const follow = (version: number, active: boolean) =>
  socialEvent({ kind: 'follow', followerId: BOB, followeeId: ALICE, version, active, at: followedAt }, { at: followedAt });

describe('timeline handlers', () => {
  it('project each event once through the inbox: the replica change and the timeline rows together', async () => {
    const { store, published, followed } = arrange();

    const followCreated = follow(1, true);
    expect(await published.deliver(publication)).toBe(true);
    expect(await followed.deliver(followCreated)).toBe(true);
    expect(await followed.deliver(followCreated)).toBe(false);

    expect(store.calls).toEqual([`lock ${ALICE}`, 'record access', 'fan out', `lock ${ALICE}`, 'record follow', 'sync follow']);
    expect(store.rows().map((row) => [row.ownerId, row.postId])).toEqual([
      [ALICE, POST],
      [BOB, POST],
    ]);
  });

  it('prune on unfollow and remove a deleted post, with ids canonical whatever the producer wrote', async () => {
    const { store, published, followed, unfollowed, deleted } = arrange();
    await published.deliver(publication);
    await followed.deliver(follow(1, true));

    await unfollowed.deliver(follow(2, false));
    expect(store.rows().map((row) => row.ownerId)).toEqual([ALICE]);
    const deletion = postEvent({ kind: 'deleted', postId: POST, authorId: ALICE }, publishedAt);
    await deleted.deliver({ ...deletion, payload: { ...deletion.payload, postId: POST.toUpperCase() } });
    expect(store.rows()).toEqual([]);
  });
});

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
const [ALICE, BOB, CAROL, DAVE] = [id(1), id(2), id(3), id(4)];
const POST = id(100);
const publishedAt = new Date('2026-03-01T00:00:00.000Z');
const followedAt = new Date('2026-03-02T00:00:00.000Z');
const NOW = new Date('2026-03-05T00:00:00.000Z');

function arrange() {
  const unitOfWork = new InMemoryUnitOfWork(new InMemoryTimelineStore(BackfillWindow.ofDays(30)));
  const options = { clock: { now: () => NOW } };
  return {
    unitOfWork,
    store: unitOfWork.store,
    published: bindConsumer(unitOfWork, fanOutPostOnPostPublished, options),
    deleted: bindConsumer(unitOfWork, removePostOnPostDeleted, options),
    followed: bindConsumer(unitOfWork, backfillTimelineOnFollowCreated, options),
    unfollowed: bindConsumer(unitOfWork, pruneTimelineOnFollowRemoved, options),
  };
}

const publication = postEvent(
  { kind: 'access', postId: POST, authorId: ALICE, visibility: 'PUBLIC', circleIds: [], commentsDisabled: false, version: 1, publishedAt },
  publishedAt,
);
const follow = (version: number, active: boolean, followerId = BOB) =>
  socialEvent({ kind: 'follow', followerId, followeeId: ALICE, version, active, at: followedAt }, { at: followedAt });
/** The post's publication as it arrives from posts: part of a longer chain, caused by its author. */
const publicationOf = (postId: string, at: Date) => ({
  ...postEvent(
    { kind: 'access', postId, authorId: ALICE, visibility: 'PUBLIC', circleIds: [], commentsDisabled: false, version: 1, publishedAt: at },
    at,
  ),
  correlationId: id(500),
  actorId: ALICE,
});

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

describe('feed.item.added.v1: posts that enter a timeline live', () => {
  it('one per timeline a publication reaches (the author, each follower it reaches), caused by the publication, once', async () => {
    const { unitOfWork, published, followed, unfollowed } = arrange();
    await followed.deliver(follow(1, true, BOB));
    await followed.deliver(follow(1, true, CAROL));
    await followed.deliver(follow(1, true, DAVE));
    await unfollowed.deliver(follow(2, false, DAVE));
    const later = new Date('2026-03-03T00:00:00.000Z');
    const publicationEvent = publicationOf(POST, later);

    expect(await published.deliver(publicationEvent)).toBe(true);
    expect(await published.deliver(publicationEvent)).toBe(false);

    expect(unitOfWork.announced.map(({ item }) => item.ownerId).sort()).toEqual([ALICE, BOB, CAROL].sort());
    for (const { item, metadata } of unitOfWork.announced) {
      expect(item).toEqual({ ownerId: item.ownerId, postId: POST, authorId: ALICE, publishedAt: later, addedAt: NOW });
      expect(metadata).toEqual({ correlationId: id(500), causationId: publicationEvent.id, actorId: ALICE });
    }
  });

  it('nothing for a follow’s backfill, an unfollow or a deletion', async () => {
    const { unitOfWork, store, published, followed, unfollowed, deleted } = arrange();
    await published.deliver(publication);
    unitOfWork.announced.splice(0);

    await followed.deliver(follow(1, true));
    expect(store.rows().map((row) => row.ownerId)).toEqual([ALICE, BOB]); // backfilled
    await unfollowed.deliver(follow(2, false));
    await deleted.deliver(postEvent({ kind: 'deleted', postId: POST, authorId: ALICE }, publishedAt));

    expect(unitOfWork.announced).toEqual([]);
  });

  it('only rows actually inserted: another publication event of a post already fanned out announces nothing', async () => {
    const { unitOfWork, published, followed } = arrange();
    await followed.deliver(follow(1, true));
    const later = new Date('2026-03-03T00:00:00.000Z');
    await published.deliver(publicationOf(POST, later));
    expect(unitOfWork.announced).toHaveLength(2);

    // The same publication under another event id (the inbox cannot tell): the rows exist already.
    await published.deliver({ ...publicationOf(POST, later), id: id(777) });

    expect(unitOfWork.announced).toHaveLength(2);
  });

  it('a post deleted before its publication arrived enters no timeline and announces nothing', async () => {
    const { unitOfWork, published, deleted } = arrange();
    await deleted.deliver(postEvent({ kind: 'deleted', postId: POST, authorId: ALICE }, publishedAt));

    await published.deliver(publication);

    expect(unitOfWork.announced).toEqual([]);
  });
});

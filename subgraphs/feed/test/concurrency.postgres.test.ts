/**
 * The author lock on real Postgres (READ COMMITTED, a pool of connections): a follow and a post of
 * the same author processed at the same time by two consumers cannot both miss each other. Each
 * race holds the first transaction open after its projection and lets the second run as far as it
 * can before releasing the first. Without `lockAuthor`, these tests fail (the row is missing, or
 * a stale one survives the unfollow).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostAccessChange, SocialChange } from '@agora/audience';
import { waitFor } from '@agora/testing';
import { projectPostAccessChange, projectSocialChange } from '../src/application/timeline-projection';
import { BackfillWindow } from '../src/domain/timeline/timeline-rule';
import { PrismaTimelineStore } from '../src/infrastructure/prisma-timeline.store';
import { startHarness, type FeedHarness } from './support/feed-harness';
import { aUser, follow, published } from './support/events';

type Change = SocialChange | PostAccessChange;
const window = BackfillWindow.ofDays(30);
const isSocial = (change: Change): change is SocialChange =>
  change.kind === 'follow' || change.kind === 'block' || change.kind === 'membership' || change.kind === 'circle-deleted';

describe('concurrent writers of one author on Postgres', { timeout: 120_000 }, () => {
  let h: FeedHarness;
  beforeAll(async () => {
    h = await startHarness({ postgres: true });
  }, 120_000);
  afterAll(async () => {
    await h?.stop();
  });

  const project = (store: PrismaTimelineStore, change: Change) =>
    isSocial(change) ? projectSocialChange(store, change) : projectPostAccessChange(store, change);

  async function advisoryLockWaits(): Promise<number> {
    const [row] = await h.app.prisma.$queryRaw<
      { n: bigint }[]
    >`SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`;
    return Number(row!.n);
  }

  /** `first` projected and held open; `second` runs until it finishes or waits on a lock; then both commit. */
  async function race(first: Change, second: Change): Promise<{ secondWaited: boolean }> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let projected!: () => void;
    const firstProjected = new Promise<void>((resolve) => (projected = resolve));
    const tx1 = h.app.prisma.$transaction(async (tx) => {
      await project(new PrismaTimelineStore(tx, window), first);
      projected();
      await held;
    });
    await firstProjected;
    let secondDone = false;
    const tx2 = h.app.prisma
      .$transaction((tx) => project(new PrismaTimelineStore(tx, window), second))
      .then(() => void (secondDone = true));
    const secondWaited = await waitFor(async () => (secondDone ? 'done' : (await advisoryLockWaits()) > 0 ? 'waiting' : false), {
      message: 'second writer finished or waiting',
    }).then((state) => state === 'waiting');
    release();
    await Promise.all([tx1, tx2]);
    return { secondWaited };
  }

  const rowExists = async (ownerId: string, postId: string) =>
    (await h.app.prisma.timelineEntry.count({ where: { ownerId, postId } })) === 1;

  it('a follow committing while the post is fanned out: the follower gets the post', async () => {
    const [alice, bob] = [aUser('alice'), aUser('bob')];
    const post = randomUUID();
    const { secondWaited } = await race(follow(bob, alice, 1, true, 0), published(post, alice, 1));
    expect(await rowExists(bob.userId, post)).toBe(true);
    expect(secondWaited).toBe(true);
  });

  it('a post committing while a follow is backfilled: the follower gets the post', async () => {
    const [alice, bob] = [aUser('alice'), aUser('bob')];
    const post = randomUUID();
    const { secondWaited } = await race(published(post, alice, 1), follow(bob, alice, 1, true, 0));
    expect(await rowExists(bob.userId, post)).toBe(true);
    expect(secondWaited).toBe(true);
  });

  it('a post fanned out while the follow is removed: no stale row survives the unfollow', async () => {
    const [alice, bob] = [aUser('alice'), aUser('bob')];
    const post = randomUUID();
    await h.app.prisma.$transaction((tx) => project(new PrismaTimelineStore(tx, window), follow(bob, alice, 1, true, 0)));
    const { secondWaited } = await race(published(post, alice, 1), follow(bob, alice, 2, false, 1));
    expect(await rowExists(bob.userId, post)).toBe(false);
    expect(await rowExists(alice.userId, post)).toBe(true);
    expect(secondWaited).toBe(true);
  });

  it('writers of different authors do not wait for each other', async () => {
    const [alice, bob, carol] = [aUser('alice'), aUser('bob'), aUser('carol')];
    const { secondWaited } = await race(follow(bob, alice, 1, true, 0), published(randomUUID(), carol, 1));
    expect(secondWaited).toBe(false);
  });
});

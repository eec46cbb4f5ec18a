/**
 * What only real Postgres can show (the API suite itself also runs on Postgres, in
 * social-api.postgres.test.ts): races — PGlite has one connection, so its transactions never
 * overlap — the consumer on Postgres, and a restart.
 */
import type { Viewer } from '@agora/service-kit';
import { createTestDatabase, startNats, waitFor, type NatsServer, type TestDatabase } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_CIRCLES_PER_OWNER } from '../src/domain/circle';
import { ADD_TO_CIRCLE, BLOCK, CREATE_CIRCLE, FOLLOW } from './support/operations';
import { accountRegistered, aUser, consumerSettled, publish, startHarness, testConfig, type Harness } from './support/social-harness';

let nats: NatsServer;
let database: TestDatabase;
let h: Harness;
let config: ReturnType<typeof testConfig>;

beforeAll(async () => {
  nats = await startNats();
  database = await createTestDatabase('social');
  config = testConfig({ NATS_URL: nats.url, SOCIAL_DATABASE_URL: database.url });
  h = await startHarness(config);
});

afterAll(async () => {
  await h?.stop();
  await nats?.stop();
  await database?.drop();
});

async function users(count: number): Promise<Viewer[]> {
  const created = Array.from({ length: count }, aUser);
  await h.know(...created);
  return created;
}
const codes = (responses: { errors?: { extensions?: Record<string, any> }[] }[]) =>
  responses.map((response) => response.errors?.[0]?.extensions?.reason ?? 'ok');

describe('social on Postgres under concurrency', () => {
  it('runs on Postgres', () => {
    expect(h.app.db.kind).toBe('postgres');
  });

  it('applies ten simultaneous follows of the same user once: one row, one event', async () => {
    const [alice, bob] = await users(2);

    const responses = await Promise.all(Array.from({ length: 10 }, () => h.request(FOLLOW, { input: { userId: bob!.userId } }, alice)));

    expect(codes(responses)).toEqual(Array(10).fill('ok'));
    expect(await h.app.prisma.follow.findMany({ where: { followeeId: bob!.userId } })).toEqual([
      expect.objectContaining({ state: 'ACTIVE', version: 1 }),
    ]);
    expect(await h.app.prisma.outboxEvent.count({ where: { type: 'social.follow.created.v1', aggregateId: alice!.userId } })).toBe(1);
  });

  it('never leaves a follow standing across a block when follows and the block race', async () => {
    for (let round = 0; round < 5; round++) {
      const [alice, bob] = await users(2);
      const [followResponses, blockResponse] = await Promise.all([
        Promise.all([
          h.request(FOLLOW, { input: { userId: bob!.userId } }, alice),
          h.request(FOLLOW, { input: { userId: alice!.userId } }, bob),
        ]),
        h.request(BLOCK, { input: { userId: alice!.userId } }, bob),
      ]);

      expect(blockResponse.errors).toBeUndefined();
      // Each follow either ran before the block (and was then ended by it) or after (and was refused).
      for (const reason of codes(followResponses)) expect(['ok', 'SOCIAL.BLOCKED']).toContain(reason);
      const follows = await h.app.prisma.follow.findMany({ where: { followerId: { in: [alice!.userId, bob!.userId] } } });
      expect(follows.filter((row) => row.state === 'ACTIVE')).toEqual([]);
    }
  });

  it('never leaves a circle membership standing across a block racing addToCircle', async () => {
    for (let round = 0; round < 5; round++) {
      const [owner, fan] = await users(2);
      await h.request(FOLLOW, { input: { userId: owner!.userId } }, fan);
      const created = await h.request(CREATE_CIRCLE, { input: { name: 'Fans' } }, owner);
      const circleId = created.data.createCircle.id as string;

      const [added, blocked] = await Promise.all([
        h.request(ADD_TO_CIRCLE, { input: { circleId, userId: fan!.userId } }, owner),
        h.request(BLOCK, { input: { userId: owner!.userId } }, fan),
      ]);

      expect(blocked.errors).toBeUndefined();
      expect(['ok', 'SOCIAL.NO_RELATION']).toContain(codes([added])[0]);
      expect(await h.app.prisma.circleMember.count({ where: { circleId, state: 'ACTIVE' } })).toBe(0);
    }
  });

  it(`keeps the ${MAX_CIRCLES_PER_OWNER}-circle limit when creations race`, async () => {
    const [owner] = await users(1);
    const now = new Date();
    await h.app.prisma.circle.createMany({
      data: Array.from({ length: MAX_CIRCLES_PER_OWNER - 2 }, (_, index) => ({
        id: aUser().userId,
        ownerId: owner!.userId,
        name: `circle ${index}`,
        nameKey: `circle ${index}`,
        version: 1,
        createdAt: now,
        updatedAt: now,
      })),
    });

    const responses = await Promise.all(
      Array.from({ length: 6 }, (_, index) => h.request(CREATE_CIRCLE, { input: { name: `late ${index}` } }, owner)),
    );

    const outcomes = codes(responses);
    expect(outcomes.filter((reason) => reason === 'ok')).toHaveLength(2);
    expect(outcomes.filter((reason) => reason === 'SOCIAL.CIRCLE_LIMIT_REACHED')).toHaveLength(4);
    expect(await h.app.prisma.circle.count({ where: { ownerId: owner!.userId } })).toBe(MAX_CIRCLES_PER_OWNER);
  });

  it('gives one of two simultaneous creations of the same name a CONFLICT', async () => {
    const [owner] = await users(1);

    const responses = await Promise.all([
      h.request(CREATE_CIRCLE, { input: { name: 'Twins' } }, owner),
      h.request(CREATE_CIRCLE, { input: { name: 'twins' } }, owner),
    ]);

    expect(codes(responses).sort()).toEqual(['SOCIAL.CIRCLE_NAME_TAKEN', 'ok']);
    expect(await h.app.prisma.circle.count({ where: { ownerId: owner!.userId } })).toBe(1);
  });
});

describe('social on Postgres', () => {
  it('records a registered account exactly once however often it is delivered', async () => {
    const user = aUser();
    const registered = accountRegistered(user);

    await publish(h.js, registered);
    await publish(h.js, registered, `${registered.id}-again`);
    const last = await publish(h.js, accountRegistered(user));
    await waitFor(() => consumerSettled(h.jsm, last.seq));

    expect(await h.app.prisma.knownAccount.count({ where: { id: user.userId } })).toBe(1);
    expect(await h.app.prisma.inboxEvent.count({ where: { eventId: registered.id } })).toBe(1);
  });

  it('keeps its data and skips applied migrations across a restart', async () => {
    const [alice, bob] = await users(2);
    await h.request(FOLLOW, { input: { userId: bob!.userId } }, alice);

    await h.stop();
    h = await startHarness(config);

    const response = await h.request(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on User { followerCount viewerFollows } } }`,
      { r: [{ __typename: 'User', id: bob!.userId }] },
      alice,
    );
    expect(response.data?._entities).toEqual([{ followerCount: 1, viewerFollows: true }]);
    expect(await h.app.db.migrate(new URL('../prisma/migrations', import.meta.url).pathname)).toEqual({ applied: [] });
  });
});

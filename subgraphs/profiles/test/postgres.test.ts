/**
 * The same service on real Postgres (a fresh database on the run's cluster), configured the way
 * production is: through PROFILES_DATABASE_URL. Real concurrency lives here: PGlite has one
 * connection, Postgres runs transactions side by side.
 */
import { createTestDatabase, startNats, waitFor, type NatsServer, type TestDatabase } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventEnvelope } from '@agora/events';
import {
  accountRegistered,
  anAccount,
  consumerSettled,
  entities,
  publish,
  startHarness,
  testConfig,
  updateProfile,
  type Harness,
} from './support/profiles-harness';

let nats: NatsServer;
let database: TestDatabase;
let harness: Harness;
let config: ReturnType<typeof testConfig>;

beforeAll(async () => {
  nats = await startNats();
  database = await createTestDatabase('profiles');
  config = testConfig({ NATS_URL: nats.url, PROFILES_DATABASE_URL: database.url });
  harness = await startHarness(config);
});

afterAll(async () => {
  await harness?.stop();
  await nats?.stop();
  await database?.drop();
});

describe('profiles on Postgres', () => {
  it('runs on Postgres and creates the profile from the registration event exactly once', async () => {
    expect(harness.app.db.kind).toBe('postgres');
    const account = anAccount();
    const registered = accountRegistered(account);

    const first = await publish(harness.js, registered);
    const again = await publish(harness.js, registered, `${registered.id}-again`);
    await waitFor(() => consumerSettled(harness.jsm, again.seq));

    expect(first.seq).toBeLessThan(again.seq);
    expect(await harness.app.prisma.profile.count({ where: { accountId: account.accountId } })).toBe(1);
    expect(await harness.app.prisma.inboxEvent.count({ where: { eventId: registered.id } })).toBe(1);
    expect(await harness.app.prisma.outboxEvent.count({ where: { aggregateId: account.accountId } })).toBe(1);
    expect((await entities(harness.app.url, [account.accountId])).data?._entities).toEqual([
      { id: account.accountId, displayName: account.username, bio: null, avatarUrl: null },
    ]);
  });

  it('serialises concurrent updates racing the registration: every one applied, one event per version', async () => {
    const account = anAccount();
    const viewer = { userId: account.accountId, username: account.username };
    const bios = Array.from({ length: 8 }, (_, index) => `bio ${index}`);

    const [responses, published] = await Promise.all([
      Promise.all(bios.map((bio) => updateProfile(harness.app.url, viewer, { bio }))),
      publish(harness.js, accountRegistered(account)),
    ]);
    await waitFor(() => consumerSettled(harness.jsm, published.seq));

    expect(responses.flatMap((response) => response.errors ?? [])).toEqual([]);
    const profile = await harness.app.prisma.profile.findUniqueOrThrow({ where: { accountId: account.accountId } });
    expect(profile.registeredAt).toBeInstanceOf(Date);
    expect(profile.displayName).toBe(account.username);
    expect(bios).toContain(profile.bio);
    // 8 updates (each a different bio, so each a change) + the registration = 9 versions.
    expect(profile.version).toBe(9);
    const outbox = await harness.app.prisma.outboxEvent.findMany({ where: { aggregateId: account.accountId }, orderBy: { seq: 'asc' } });
    const envelopes = outbox.map((row) => row.envelope as unknown as EventEnvelope);
    expect(envelopes.map((envelope) => envelope.aggregateVersion)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(envelopes.filter((envelope) => envelope.type === 'profiles.profile.created.v1')).toHaveLength(1);
    // The last event describes the stored state.
    expect(envelopes.at(-1)?.payload).toMatchObject({ bio: profile.bio });
  });

  it('keeps its data and skips applied migrations across a restart', async () => {
    const viewer = { userId: anAccount().accountId, username: 'restart_me' };
    await updateProfile(harness.app.url, viewer, { bio: 'survives restarts' });

    await harness.stop();
    harness = await startHarness(config);

    expect((await entities(harness.app.url, [viewer.userId])).data?._entities).toEqual([
      { id: viewer.userId, displayName: 'restart_me', bio: 'survives restarts', avatarUrl: null },
    ]);
    expect(await harness.app.db.migrate(new URL('../prisma/migrations', import.meta.url).pathname)).toEqual({ applied: [] });
  });
});

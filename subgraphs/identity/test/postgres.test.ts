import { countStatements, type StatementCounter } from '@agora/prisma-kit';
import { createTestDatabase, startNats, waitFor, type NatsServer, type TestDatabase } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onlyError, startIdentityHarness, type IdentityHarness } from './support/identity-harness';
import { aRegistration, OPERATIONS } from './support/operations';
import { systemClock, uuidV7 } from '@agora/context-runtime';
import { grantAdmin } from '../src/application/roles/grant-admin';
import { PrismaAccountRepository } from '../src/infrastructure/prisma-account.repository';

let nats: NatsServer;
let database: TestDatabase;
let identity: IdentityHarness;
let counter: StatementCounter;

beforeAll(async () => {
  nats = await startNats();
  database = await createTestDatabase('identity');
  identity = await startIdentityHarness({
    natsUrl: nats.url,
    database: { url: database.url },
    wrapAdapter: (adapter) => {
      counter = countStatements(adapter);
      return counter.adapter;
    },
  });
});

afterAll(async () => {
  await identity?.stop();
  await database?.drop();
  await nats?.stop();
});

describe('identity on real Postgres', () => {
  it('runs the whole session lifecycle', async () => {
    const input = aRegistration({ username: 'pg_user', email: 'PG.User@example.com' });
    const registered = await identity.register(input);
    expect(registered.errors).toBeUndefined();
    const userId = registered.data.register.user.id;
    expect((await identity.login('pg.user@example.com', input.password)).data.login.user.id).toBe(userId);
    const byUsername = (await identity.login('pg_user', input.password)).data.login;

    const rotated = (await identity.refresh(byUsername.refreshToken)).data.refreshSession;
    expect(onlyError(await identity.refresh(byUsername.refreshToken))).toMatchObject({ reason: 'IDENTITY.REFRESH_TOKEN_REUSED' });
    expect(onlyError(await identity.refresh(rotated.refreshToken))).toMatchObject({ reason: 'IDENTITY.SESSION_REVOKED' });

    expect((await identity.logout(registered.data.register.refreshToken)).data).toEqual({ logout: true });
    expect(onlyError(await identity.refresh(registered.data.register.refreshToken))).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(onlyError(await identity.login('pg_user', 'wrong password'))).toMatchObject({ reason: 'IDENTITY.INVALID_CREDENTIALS' });

    // and the event left through the outbox
    await waitFor(async () => (await identity.app.prisma.outboxEvent.findFirstOrThrow({ where: { aggregateId: userId } })).publishedAt);
  });

  it('lets exactly one of several truly concurrent refreshes of one token win', async () => {
    const { data } = await identity.register(aRegistration());
    const token = data.register.refreshToken as string;
    const results = await Promise.all([1, 2, 3, 4].map(() => identity.refresh(token)));
    expect(results.filter((r) => r.data?.refreshSession)).toHaveLength(1);
    for (const loser of results.filter((r) => r.errors)) {
      expect(onlyError(loser)).toMatchObject({ code: 'UNAUTHENTICATED' });
    }
    // however the race went, at most one successor token was ever stored
    const tokens = await identity.app.prisma.refreshToken.count({ where: { family: { accountId: data.register.user.id } } });
    expect(tokens).toBe(2);
  });

  it('translates racing registrations of one email into CONFLICT and writes one account', async () => {
    const before = await identity.counts();
    const racers = await Promise.all(
      [1, 2, 3, 4].map((n) => identity.register(aRegistration({ email: 'same.pg@example.com', username: `pg_racer_${n}` }))),
    );
    expect(racers.filter((r) => r.data?.register)).toHaveLength(1);
    for (const loser of racers.filter((r) => r.errors)) {
      expect(onlyError(loser)).toMatchObject({ code: 'CONFLICT', reason: 'IDENTITY.EMAIL_TAKEN', field: 'email' });
    }
    const after = await identity.counts();
    expect(after).toEqual({
      account: before.account + 1,
      credential: before.credential + 1,
      family: before.family + 1,
      token: before.token + 1,
      outbox: before.outbox + 1,
    });
  });

  it('resolves many User references in one statement', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push((await identity.register(aRegistration())).data.register.user.id);
    counter.reset();
    const response = await identity.request(OPERATIONS.entities, { representations: ids.map((id) => ({ __typename: 'User', id })) });
    expect(response.data._entities.map((u: { id: string }) => u.id)).toEqual(ids);
    expect(counter.statements.filter((sql) => /"account"/.test(sql) && !/outbox/.test(sql))).toHaveLength(1);
  });

  it('serialises role changes: two admins demoting each other at the same moment leave exactly one admin (5 rounds)', async () => {
    const a = aRegistration();
    const b = aRegistration();
    const viewerOf = async (input: typeof a) => {
      const user = (await identity.register(input)).data.register.user;
      return { userId: user.id as string, username: user.username as string, role: 'ADMIN' as const };
    };
    const [va, vb] = [await viewerOf(a), await viewerOf(b)];
    const deps = {
      accounts: new PrismaAccountRepository(identity.app.prisma),
      clock: systemClock,
      ids: uuidV7,
      audit: { record: () => {} },
    };
    const SET_ROLE = `mutation S($input: SetRoleInput!) { setRole(input: $input) { id role } }`;
    for (let round = 0; round < 5; round++) {
      await grantAdmin(a.email, deps, 'admin:grant');
      await grantAdmin(b.email, deps, 'admin:grant');
      const [byA, byB] = await Promise.all([
        identity.request(SET_ROLE, { input: { userId: vb.userId, role: 'MEMBER' } }, va),
        identity.request(SET_ROLE, { input: { userId: va.userId, role: 'MEMBER' } }, vb),
      ]);
      const refused = [byA, byB].filter((r) => r.errors);
      expect(refused, `round ${round}`).toHaveLength(1);
      expect(onlyError(refused[0]!)).toMatchObject({ code: 'FORBIDDEN', reason: 'IDENTITY.ADMIN_REQUIRED' });
      const admins = await identity.app.prisma.account.count({ where: { id: { in: [va.userId, vb.userId] }, role: 'ADMIN' } });
      expect(admins, `round ${round}`).toBe(1);
    }
  });
});

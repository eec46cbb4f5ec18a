import { startNats, type NatsServer } from '@agora/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_RATE_LIMITS } from '../src/application/rate-limits';
import { onlyError, startIdentityHarness, type IdentityHarness } from './support/identity-harness';
import { aRegistration } from './support/operations';

let nats: NatsServer;
let identity: IdentityHarness;

beforeAll(async () => {
  nats = await startNats();
  identity = await startIdentityHarness({
    natsUrl: nats.url,
    // 3 attempts per (account, IP) so the limit test does not need 10 slow attempts; registrations unlimited
    rateLimits: {
      ...DEFAULT_RATE_LIMITS,
      loginAccountIp: { points: 3, durationSeconds: 60, blockSeconds: 60 },
      register: { points: 10_000, durationSeconds: 60, blockSeconds: 0 },
    },
  });
});

afterAll(async () => {
  await identity?.stop();
  await nats?.stop();
});

describe('register: input validation', () => {
  const USERNAME_RULE = /3–30 characters, using only lowercase letters a–z, digits 0–9 and underscores/;
  it.each([
    ['email', { email: 'not-an-email' }, /valid email/],
    ['email', { email: '' }, /valid email/],
    ['email', { email: `${'a'.repeat(243)}@example.com` }, /at most 254/],
    ['password', { password: 'seven77' }, /8–128/],
    ['password', { password: 'p'.repeat(129) }, /8–128/],
    ['username', { username: 'ab' }, USERNAME_RULE],
    ['username', { username: 'u'.repeat(31) }, USERNAME_RULE],
    ['username', { username: 'Upper_Case' }, USERNAME_RULE],
    ['username', { username: 'dash-ed' }, USERNAME_RULE],
    ['username', { username: 'émile' }, USERNAME_RULE],
  ])('rejects a bad %s (%j) with BAD_USER_INPUT on that field and writes nothing', async (field, override, message) => {
    const before = await identity.counts();
    const error = onlyError(await identity.register(aRegistration(override)));
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'IDENTITY.INVALID_INPUT', field });
    expect(error.message).toMatch(message);
    expect(await identity.counts()).toEqual(before);
  });

  it('accepts the boundaries: 254-char email, 8- and 128-char passwords, 3- and 30-char usernames', async () => {
    const email = `${'b'.repeat(254 - '@example.com'.length)}@example.com`;
    expect((await identity.register(aRegistration({ email, password: 'p'.repeat(8), username: 'abc' }))).errors).toBeUndefined();
    const long = aRegistration({ password: 'p'.repeat(128), username: 'z'.repeat(30) });
    expect((await identity.register(long)).errors).toBeUndefined();
  });
});

describe('register: uniqueness', () => {
  let before: Awaited<ReturnType<IdentityHarness['counts']>>;
  const taken = aRegistration({ email: 'taken@example.com', username: 'taken_name' });

  beforeAll(async () => {
    expect((await identity.register(taken)).errors).toBeUndefined();
  });
  beforeEach(async () => {
    before = await identity.counts();
  });

  it('rejects a taken email (in any casing) with CONFLICT IDENTITY.EMAIL_TAKEN and leaves no row behind', async () => {
    const error = onlyError(await identity.register(aRegistration({ email: 'TAKEN@example.com' })));
    expect(error).toMatchObject({ code: 'CONFLICT', reason: 'IDENTITY.EMAIL_TAKEN', field: 'email' });
    expect(await identity.counts()).toEqual(before);
  });

  it('rejects a taken username with CONFLICT IDENTITY.USERNAME_TAKEN and leaves no row behind', async () => {
    const error = onlyError(await identity.register(aRegistration({ username: 'taken_name' })));
    expect(error).toMatchObject({ code: 'CONFLICT', reason: 'IDENTITY.USERNAME_TAKEN', field: 'username' });
    expect(await identity.counts()).toEqual(before);
  });

  it('lets exactly one of several racing registrations of one username win', async () => {
    const racers = await Promise.all(
      [1, 2, 3].map((n) => identity.register(aRegistration({ email: `racer${n}@example.com`, username: 'race_winner' }))),
    );
    expect(racers.filter((r) => r.data?.register)).toHaveLength(1);
    for (const loser of racers.filter((r) => r.errors)) {
      expect(onlyError(loser)).toMatchObject({ code: 'CONFLICT', reason: 'IDENTITY.USERNAME_TAKEN', field: 'username' });
    }
    const after = await identity.counts();
    expect(after.account - before.account).toBe(1);
    expect(after.outbox - before.outbox).toBe(1);
  });

  it('writes account, credential, session and outbox row together or not at all', async () => {
    // Make the outbox insert — the last statement of the transaction — fail.
    await identity.app.prisma.$executeRawUnsafe(`
      CREATE FUNCTION reject_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'outbox unavailable'; END $$`);
    await identity.app.prisma.$executeRawUnsafe(
      'CREATE TRIGGER reject_outbox BEFORE INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION reject_outbox()',
    );
    try {
      const error = onlyError(await identity.register(aRegistration({ username: 'half_written' })));
      expect(error).toEqual({ message: 'Internal server error', code: 'INTERNAL_SERVER_ERROR' });
      expect(await identity.counts()).toEqual(before);
    } finally {
      await identity.app.prisma.$executeRawUnsafe('DROP TRIGGER reject_outbox ON outbox');
      await identity.app.prisma.$executeRawUnsafe('DROP FUNCTION reject_outbox()');
    }
    expect((await identity.register(aRegistration({ username: 'half_written' }))).errors).toBeUndefined();
  });
});

describe('login', () => {
  const ana = aRegistration({ username: 'login_ana', email: 'login.ana@example.com' });
  beforeAll(async () => {
    expect((await identity.register(ana)).errors).toBeUndefined();
  });

  it('answers a wrong password and an unknown login identically', async () => {
    const wrong = onlyError(await identity.login('login_ana', 'wrong password'));
    const unknown = onlyError(await identity.login('nobody_at_all', 'wrong password'));
    const unknownEmail = onlyError(await identity.login('nobody@example.com', 'wrong password'));
    expect(wrong).toEqual({ message: wrong.message, code: 'UNAUTHENTICATED', reason: 'IDENTITY.INVALID_CREDENTIALS' });
    expect(unknown).toEqual(wrong);
    expect(unknownEmail).toEqual(wrong);
  });

  it.each([
    [{ login: '', password: 'whatever1' }, 'login'],
    [{ login: 'login_ana', password: '' }, 'password'],
  ])('rejects %j with BAD_USER_INPUT', async (input, field) => {
    expect(onlyError(await identity.login(input.login, input.password))).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('rate-limits a login after repeated failures per (account, IP) — email and username count as one — even with the right password', async () => {
    const victim = aRegistration({ username: 'throttled_one' });
    await identity.register(victim);
    for (const login of ['throttled_one', 'THROTTLED_ONE', ' throttled_one ']) {
      expect(onlyError(await identity.login(login, 'wrong password'))).toMatchObject({ reason: 'IDENTITY.INVALID_CREDENTIALS' });
    }
    const refused = onlyError(await identity.login('throttled_one', victim.password));
    expect(refused).toMatchObject({ code: 'RATE_LIMITED', reason: 'IDENTITY.TOO_MANY_ATTEMPTS' });
    expect(refused.retryAfter).toBeGreaterThan(0);
    // the email is the same account
    expect(onlyError(await identity.login(victim.email, victim.password))).toMatchObject({ reason: 'IDENTITY.TOO_MANY_ATTEMPTS' });
    // the owner signing in from another address is not locked out
    expect((await identity.login(victim.email, victim.password, '198.51.100.23')).data.login.user.username).toBe('throttled_one');
  });
});

import { randomBytes } from 'node:crypto';
import { createTestDatabase, startNats, type NatsServer, type TestDatabase } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RATE_LIMITS } from '../src/application/rate-limits';
import { onlyError, startIdentityHarness, type IdentityHarness } from './support/identity-harness';
import { aRegistration } from './support/operations';

/**
 * The limits hold across instances: two identity processes (in-process) on ONE Postgres, real
 * NATS, the production defaults. Requests come "through the gateway" from a client IP (the
 * signed identity header's `ip`).
 */
let nats: NatsServer;
let database: TestDatabase;
let first: IdentityHarness;
let second: IdentityHarness;

const ATTACKER = '203.0.113.66';
const OWNER = '198.51.100.7';
const requestReset = `mutation R($input: RequestPasswordResetInput!) { requestPasswordReset(input: $input) }`;

beforeAll(async () => {
  [nats, database] = await Promise.all([startNats(), createTestDatabase('identity_limits')]);
  // Two instances of one service share its database and so its key-encryption key, as in production.
  const env = { IDENTITY_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64') };
  const options = { natsUrl: nats.url, database: { url: database.url }, rateLimits: DEFAULT_RATE_LIMITS, env };
  first = await startIdentityHarness(options);
  second = await startIdentityHarness(options);
});

afterAll(async () => {
  await second?.stop();
  await first?.stop();
  await database?.drop();
  await nats?.stop();
});

describe('rate limits shared by two identity instances', () => {
  it('refuses the 11th sign-in attempt on the second instance after 10 failures on the first; another IP is still let in', async () => {
    const victim = aRegistration();
    expect((await first.register(victim)).errors).toBeUndefined();

    for (let i = 0; i < 10; i++) {
      // email and username are one account
      const login = i % 2 ? victim.email : victim.username;
      expect(onlyError(await first.login(login, `wrong guess ${i}`, ATTACKER))).toMatchObject({ reason: 'IDENTITY.INVALID_CREDENTIALS' });
    }
    const refused = onlyError(await second.login(victim.username, victim.password, ATTACKER));
    expect(refused).toMatchObject({ code: 'RATE_LIMITED', reason: 'IDENTITY.TOO_MANY_ATTEMPTS' });
    expect(refused.retryAfter).toBeGreaterThan(14 * 60);
    expect(refused.retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(onlyError(await first.login(victim.email, victim.password, ATTACKER))).toMatchObject({ code: 'RATE_LIMITED' });

    // the owner, elsewhere, signs in on either instance
    expect((await second.login(victim.email, victim.password, OWNER)).data.login.user.username).toBe(victim.username);
    expect((await first.login(victim.username, victim.password, OWNER)).errors).toBeUndefined();
  });

  it('counts password-reset requests per email across instances (3 per hour), answering RATE_LIMITED with retryAfter', async () => {
    const email = 'limited.reset@example.com';
    for (const [i, instance] of [first, second, first].entries()) {
      expect((await instance.request(requestReset, { input: { email } }, null, `192.0.2.${i}`)).data).toEqual({
        requestPasswordReset: true,
      });
    }
    const refused = onlyError(await second.request(requestReset, { input: { email } }, null, '192.0.2.9'));
    expect(refused).toMatchObject({ code: 'RATE_LIMITED', reason: 'IDENTITY.RATE_LIMITED' });
    expect(refused.retryAfter).toBeGreaterThan(3500);
  });
});

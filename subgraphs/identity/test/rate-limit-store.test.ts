import { fileURLToPath } from 'node:url';
import { openDatabase, type Database, type DatabaseOptions } from '@agora/prisma-kit';
import { createTestDatabase, type TestDatabase } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RATE_LIMITS } from '../src/application/rate-limits';
import { sweepExpiredIdentityData } from '../src/infrastructure/expired-data-sweeper';
import { FlexibleRateLimits } from '../src/infrastructure/flexible-rate-limits';
import { PrismaClient } from '../src/infrastructure/prisma-client';

const MIGRATIONS_DIR = fileURLToPath(new URL('../prisma/migrations', import.meta.url));

/**
 * RateLimiterPrisma's counters on identity's `rate_limit` table: the increment must be one atomic
 * upsert (Prisma's native INSERT … ON CONFLICT DO UPDATE), or concurrent consumes from two
 * instances would lose counts or fail on the primary key.
 */
describe.each([
  ['PGlite', async () => ({ options: { memory: true } as DatabaseOptions, drop: async () => {} })],
  [
    'Postgres',
    async () => {
      const database: TestDatabase = await createTestDatabase('identity_rl');
      return { options: { url: database.url } as DatabaseOptions, drop: () => database.drop() };
    },
  ],
])('rate-limit counters on %s', (_name, open) => {
  let db: Database;
  let prisma: PrismaClient;
  let other: PrismaClient;
  let drop: () => Promise<void>;
  let second: Database | undefined;

  beforeAll(async () => {
    const opened = await open();
    drop = opened.drop;
    db = await openDatabase(opened.options);
    await db.migrate(MIGRATIONS_DIR);
    prisma = new PrismaClient({ adapter: db.adapter });
    // A second client (a second instance's pool) when the database allows one.
    if (opened.options.url) {
      second = await openDatabase(opened.options);
      other = new PrismaClient({ adapter: second.adapter });
    } else {
      other = prisma;
    }
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    if (second) {
      await other.$disconnect();
      await second.close();
    }
    await db?.close();
    await drop?.();
  });

  it('counts every one of 40 concurrent consumes from two clients, on one fresh key', async () => {
    const policy = { ...DEFAULT_RATE_LIMITS, register: { points: 1000, durationSeconds: 60, blockSeconds: 0 } };
    const a = FlexibleRateLimits.prisma(prisma, policy);
    const b = FlexibleRateLimits.prisma(other, policy);
    await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).consume('register', '203.0.113.7')));
    const row = await prisma.rateLimit.findUniqueOrThrow({ where: { key: 'register:203.0.113.7' } });
    expect(row.points).toBe(40);
  });

  it('refuses exactly the attempts over the limit when they race', async () => {
    const policy = { ...DEFAULT_RATE_LIMITS, register: { points: 5, durationSeconds: 60, blockSeconds: 0 } };
    const a = FlexibleRateLimits.prisma(prisma, policy);
    const b = FlexibleRateLimits.prisma(other, policy);
    const outcomes = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).consume('register', 'race')));
    const refused = outcomes.filter((o) => o.status === 'rejected');
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(5);
    expect(refused).toHaveLength(7);
    for (const o of refused) {
      expect((o as PromiseRejectedResult).reason).toMatchObject({ code: 'RATE_LIMITED', reason: 'IDENTITY.RATE_LIMITED' });
      const retryAfter = ((o as PromiseRejectedResult).reason as { retryAfter: number }).retryAfter;
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
    }
  });

  it('blocks for blockSeconds once over, and reset lifts it', async () => {
    const policy = { ...DEFAULT_RATE_LIMITS, loginAccountIp: { points: 2, durationSeconds: 5, blockSeconds: 900 } };
    const limits = FlexibleRateLimits.prisma(prisma, policy);
    await limits.consume('loginAccountIp', 'acct:ip');
    await limits.consume('loginAccountIp', 'acct:ip');
    const refused = await limits.consume('loginAccountIp', 'acct:ip').catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'RATE_LIMITED' });
    expect((refused as { retryAfter: number }).retryAfter).toBeGreaterThan(800);
    await limits.reset('loginAccountIp', 'acct:ip');
    await expect(limits.consume('loginAccountIp', 'acct:ip')).resolves.toBeUndefined();
  });

  it('sweeps what is kept only for a while: old counters, OAuth states, mailed tokens, handled reset requests', async () => {
    const now = new Date();
    const ago = (ms: number) => new Date(now.getTime() - ms);
    const HOUR = 3_600_000;
    await prisma.rateLimit.createMany({
      data: [
        { key: 'register:old', points: 3, expire: ago(2 * HOUR) },
        { key: 'register:live', points: 1, expire: new Date(now.getTime() + HOUR) },
      ],
    });
    await prisma.oAuthState.createMany({
      data: [
        {
          stateDigest: 'old',
          provider: 'GOOGLE',
          redirectUri: 'http://x/cb',
          codeVerifier: 'v',
          createdAt: ago(3 * HOUR),
          expiresAt: ago(2 * HOUR),
        },
        {
          stateDigest: 'live',
          provider: 'GOOGLE',
          redirectUri: 'http://x/cb',
          codeVerifier: 'v',
          createdAt: now,
          expiresAt: new Date(now.getTime() + HOUR),
        },
      ],
    });
    await prisma.passwordResetRequest.createMany({
      data: [
        { id: '0190f0c2-7a3b-7c4d-8e5f-000000000001', email: 'old@example.com', requestedAt: ago(3 * HOUR), handledAt: ago(2 * HOUR) },
        { id: '0190f0c2-7a3b-7c4d-8e5f-000000000002', email: 'waiting@example.com', requestedAt: now },
      ],
    });
    const accountId = '0190f0c2-7a3b-7c4d-8e5f-0000000000aa';
    await prisma.account.create({ data: { id: accountId, email: 'sweep@example.com', username: 'sweeper', createdAt: now } });
    const token = (id: string, digest: string, expiresAt: Date, usedAt: Date | null = null) => ({
      id,
      accountId,
      purpose: 'VERIFY_EMAIL' as const,
      digest,
      createdAt: ago(30 * HOUR),
      expiresAt,
      usedAt,
    });
    await prisma.accountToken.createMany({
      data: [
        token('0190f0c2-7a3b-7c4d-8e5f-0000000000b1', 'expired', ago(25 * HOUR)),
        token('0190f0c2-7a3b-7c4d-8e5f-0000000000b2', 'used', new Date(now.getTime() + HOUR), ago(25 * HOUR)),
        token('0190f0c2-7a3b-7c4d-8e5f-0000000000b3', 'valid', new Date(now.getTime() + HOUR)),
      ],
    });
    expect(await sweepExpiredIdentityData(prisma, now)).toBeGreaterThanOrEqual(5);
    expect((await prisma.accountToken.findMany({ where: { accountId } })).map((r) => r.digest)).toEqual(['valid']);
    expect(await prisma.rateLimit.findUnique({ where: { key: 'register:old' } })).toBeNull();
    expect(await prisma.rateLimit.findUnique({ where: { key: 'register:live' } })).not.toBeNull();
    expect((await prisma.oAuthState.findMany()).map((r) => r.stateDigest)).toEqual(['live']);
    expect((await prisma.passwordResetRequest.findMany()).map((r) => r.email)).toEqual(['waiting@example.com']);
  });
});

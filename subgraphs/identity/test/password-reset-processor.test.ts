import { fileURLToPath } from 'node:url';
import { systemClock, uuidV7 } from '@agora/context-runtime';
import { openDatabase, type Database } from '@agora/prisma-kit';
import { createLogger } from '@agora/service-kit';
import { createTestDatabase, type TestDatabase } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planPasswordReset } from '../src/application/request-password-reset/handle-password-reset-request';
import { PlainAccountMails } from '../src/application/testing/in-memory-identity-store';
import { CryptoRefreshTokenSecrets } from '../src/infrastructure/crypto-refresh-token-secrets';
import { PasswordResetProcessor } from '../src/infrastructure/password-reset-processor';
import { PrismaClient } from '../src/infrastructure/prisma-client';

const MIGRATIONS_DIR = fileURLToPath(new URL('../prisma/migrations', import.meta.url));

/** Two instances' processors on one Postgres work through one queue: each request handled exactly once. */
describe('PasswordResetProcessor on Postgres', () => {
  let database: TestDatabase;
  const dbs: Database[] = [];
  const clients: PrismaClient[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('identity_resets');
    for (let i = 0; i < 2; i++) {
      const db = await openDatabase({ url: database.url });
      if (i === 0) await db.migrate(MIGRATIONS_DIR);
      dbs.push(db);
      clients.push(new PrismaClient({ adapter: db.adapter }));
    }
  });

  afterAll(async () => {
    for (const client of clients) await client.$disconnect();
    for (const db of dbs) await db.close();
    await database?.drop();
  });

  const processor = (prisma: PrismaClient) =>
    new PasswordResetProcessor({
      prisma,
      logger: createLogger('test', 'silent'),
      clock: systemClock,
      plan: (account, now) =>
        planPasswordReset(account, now, { secrets: new CryptoRefreshTokenSecrets(), mails: new PlainAccountMails(), ids: uuidV7 }),
      afterMailCommit: () => {},
    });

  it('handles 30 requests (10 for real accounts) once each across two processors, mailing only the real ones', async () => {
    const [a, b] = clients as [PrismaClient, PrismaClient];
    const now = new Date();
    const accounts = Array.from({ length: 10 }, (_, i) => ({
      id: uuidV7.newId(),
      email: `real${i}@example.com`,
      username: `real_${i}`,
      createdAt: now,
    }));
    await a.account.createMany({ data: accounts });
    const requests = [...accounts.map((account) => account.email), ...Array.from({ length: 20 }, (_, i) => `ghost${i}@example.com`)].map(
      (email, i) => ({ id: uuidV7.newId(), email, requestedAt: new Date(now.getTime() + i) }),
    );
    await a.passwordResetRequest.createMany({ data: requests });

    const [first, second] = [processor(a), processor(b)];
    const handled = await Promise.all([first.drain(), second.drain()]);
    expect(handled[0] + handled[1]).toBe(30);

    expect(await a.passwordResetRequest.count({ where: { handledAt: null } })).toBe(0);
    const mails = await a.mailOutbox.findMany({ select: { toAddress: true, kind: true } });
    expect(mails.map((m) => m.toAddress).sort()).toEqual(accounts.map((account) => account.email).sort());
    expect(new Set(mails.map((m) => m.kind))).toEqual(new Set(['identity.reset-password']));
    expect(await a.accountToken.count({ where: { purpose: 'RESET_PASSWORD', usedAt: null } })).toBe(10);
  });

  it('retires the older reset token of an account when a second request is handled', async () => {
    const [a] = clients as [PrismaClient];
    const account = { id: uuidV7.newId(), email: 'twice@example.com', username: 'twice', createdAt: new Date() };
    await a.account.create({ data: account });
    const p = processor(a);
    for (let i = 0; i < 2; i++) {
      await a.passwordResetRequest.create({ data: { id: uuidV7.newId(), email: account.email, requestedAt: new Date() } });
      await p.drain();
    }
    const tokens = await a.accountToken.findMany({ where: { accountId: account.id }, orderBy: { createdAt: 'asc' } });
    expect(tokens).toHaveLength(2);
    expect(tokens.filter((t) => t.usedAt === null)).toHaveLength(1);
  });
});

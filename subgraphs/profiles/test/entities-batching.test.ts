/**
 * `User.__resolveReference` is batched: a gateway `_entities` fetch of N users costs one SQL
 * statement, whatever N is (counted at the driver adapter).
 */
import { countStatements, type StatementCounter } from '@agora/prisma-kit';
import { startNats, type NatsServer } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anAccount, entities, startHarness, testConfig, type Harness } from './support/profiles-harness';

let nats: NatsServer;
let harness: Harness;
let counter: StatementCounter;
const accounts = Array.from({ length: 25 }, anAccount);

beforeAll(async () => {
  nats = await startNats();
  harness = await startHarness(testConfig({ NATS_URL: nats.url }), {
    database: { memory: true },
    // No polling while statements are counted (nothing here writes to the outbox).
    relay: { pollIntervalMs: 3_600_000 },
    wrapAdapter: (adapter) => (counter = countStatements(adapter)).adapter,
  });
  const now = new Date();
  await harness.app.prisma.profile.createMany({
    data: accounts.map(({ accountId, username }, index) => ({
      accountId,
      username,
      displayName: `User ${index}`,
      registeredAt: now,
      createdAt: now,
      updatedAt: now,
      version: 1,
    })),
  });
});

afterAll(async () => {
  await harness?.stop();
  await nats?.stop();
});

/** Statements sent while resolving the given references. */
async function statementsFor(ids: string[]): Promise<{ sql: string[]; data: unknown }> {
  counter.reset();
  const response = await entities(harness.app.url, ids);
  expect(response.errors).toBeUndefined();
  return { sql: [...counter.statements], data: response.data?._entities };
}

describe('_entities batching', () => {
  it('resolves 25 users with the same single statement as 1 user', async () => {
    const one = await statementsFor([accounts[0]!.accountId]);
    const many = await statementsFor(accounts.map((account) => account.accountId));

    expect(one.sql).toHaveLength(1);
    expect(many.sql).toHaveLength(one.sql.length);
    expect(many.sql[0]).toMatch(/"profile"/);
    expect(many.data).toEqual(
      accounts.map((account, index) => ({ id: account.accountId, displayName: `User ${index}`, bio: null, avatarUrl: null })),
    );
  });

  it('still uses one statement when some users have no profile', async () => {
    const missing = anAccount().accountId;
    const result = await statementsFor([accounts[3]!.accountId, missing, accounts[7]!.accountId]);

    expect(result.sql).toHaveLength(1);
    expect(result.data).toEqual([
      expect.objectContaining({ id: accounts[3]!.accountId, displayName: 'User 3' }),
      { id: missing, displayName: null, bio: null, avatarUrl: null },
      expect.objectContaining({ id: accounts[7]!.accountId, displayName: 'User 7' }),
    ]);
  });
});

import { startOnBackend, TestClock } from '@agora/testing';
import { describeModerationApi } from './moderation-api.suite';
import { startHarness, testConfig } from './support/moderation-harness';

/** The same suite on real Postgres, configured the way production is: MODERATION_DATABASE_URL. */
describeModerationApi('Postgres', () => {
  const clock = new TestClock(new Date('2026-03-01T12:00:00.000Z'));
  return startOnBackend(
    'postgres',
    'moderation',
    async ({ env, overrides }) => ({ harness: await startHarness(testConfig(env), { ...overrides, clock }), clock }),
    ({ harness }) => harness.stop(),
  );
});

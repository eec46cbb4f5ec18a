import { startOnBackend, TestClock } from '@agora/testing';
import { describeCommentsApi } from './comments-api.suite';
import { startHarness, testConfig } from './support/comments-harness';

/** The same suite on real Postgres, configured the way production is: COMMENTS_DATABASE_URL. */
describeCommentsApi('Postgres', () => {
  const clock = new TestClock(new Date('2026-03-01T12:00:00.000Z'));
  return startOnBackend(
    'postgres',
    'comments',
    async ({ env, overrides }) => ({ harness: await startHarness(testConfig(env), { ...overrides, clock }), clock }),
    ({ harness }) => harness.stop(),
  );
});

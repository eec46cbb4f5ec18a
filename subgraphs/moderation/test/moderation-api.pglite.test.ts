import { startOnBackend, TestClock } from '@agora/testing';
import { describeModerationApi } from './moderation-api.suite';
import { startHarness, testConfig } from './support/moderation-harness';

describeModerationApi('PGlite (in memory)', () => {
  const clock = new TestClock(new Date('2026-03-01T12:00:00.000Z'));
  return startOnBackend(
    'pglite',
    'moderation',
    async ({ env, overrides }) => ({ harness: await startHarness(testConfig(env), { ...overrides, clock }), clock }),
    ({ harness }) => harness.stop(),
  );
});

import { startNats, TestClock } from '@agora/testing';
import { describeCommentsApi } from './comments-api.suite';
import { startHarness, testConfig } from './support/comments-harness';

describeCommentsApi('PGlite (in memory)', async () => {
  const nats = await startNats();
  const clock = new TestClock(new Date('2026-03-01T12:00:00.000Z'));
  try {
    const harness = await startHarness(testConfig({ NATS_URL: nats.url }), { database: { memory: true }, clock });
    return {
      harness,
      clock,
      close: async () => {
        await harness.stop();
        await nats.stop();
      },
    };
  } catch (error) {
    await nats.stop();
    throw error;
  }
});

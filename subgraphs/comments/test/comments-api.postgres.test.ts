import { createTestDatabase, startNats, TestClock } from '@agora/testing';
import { describeCommentsApi } from './comments-api.suite';
import { startHarness, testConfig } from './support/comments-harness';

/** The same suite on real Postgres, configured the way production is: COMMENTS_DATABASE_URL. */
describeCommentsApi('Postgres', async () => {
  const nats = await startNats();
  const database = await createTestDatabase('comments');
  const clock = new TestClock(new Date('2026-03-01T12:00:00.000Z'));
  try {
    const harness = await startHarness(testConfig({ NATS_URL: nats.url, COMMENTS_DATABASE_URL: database.url }), { clock });
    return {
      harness,
      clock,
      close: async () => {
        await harness.stop();
        await nats.stop();
        await database.drop();
      },
    };
  } catch (error) {
    await nats.stop();
    await database.drop();
    throw error;
  }
});

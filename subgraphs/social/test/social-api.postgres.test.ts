import { createTestDatabase, startNats } from '@agora/testing';
import { describeSocialApi } from './social-api.suite';
import { startHarness, testConfig } from './support/social-harness';
import { TestClock } from '@agora/testing';

/** The same suite on real Postgres, configured the way production is: SOCIAL_DATABASE_URL. */
describeSocialApi('Postgres', async () => {
  const nats = await startNats();
  const database = await createTestDatabase('social');
  const clock = new TestClock(new Date('2026-03-01T12:00:00.000Z'));
  try {
    const harness = await startHarness(testConfig({ NATS_URL: nats.url, SOCIAL_DATABASE_URL: database.url }), { clock });
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

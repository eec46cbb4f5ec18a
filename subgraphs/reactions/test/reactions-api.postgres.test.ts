import { createTestDatabase, startNats } from '@agora/testing';
import { describeReactionsApi } from './reactions-api.suite';
import { startHarness, testConfig } from './support/reactions-harness';

/** The same suite on real Postgres, configured the way production is: REACTIONS_DATABASE_URL. */
describeReactionsApi('Postgres', async () => {
  const nats = await startNats();
  const database = await createTestDatabase('reactions');
  try {
    const harness = await startHarness(testConfig({ NATS_URL: nats.url, REACTIONS_DATABASE_URL: database.url }));
    return {
      harness,
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

import { startNats } from '@agora/testing';
import { describeReactionsApi } from './reactions-api.suite';
import { startHarness, testConfig } from './support/reactions-harness';

describeReactionsApi('PGlite (in memory)', async () => {
  const nats = await startNats();
  try {
    const harness = await startHarness(testConfig({ NATS_URL: nats.url }), { database: { memory: true } });
    return {
      harness,
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

import { startOnBackend } from '@agora/testing';
import { describeReactionsApi } from './reactions-api.suite';
import { startHarness, testConfig } from './support/reactions-harness';

/** The same suite on real Postgres, configured the way production is: REACTIONS_DATABASE_URL. */
describeReactionsApi('Postgres', () =>
  startOnBackend(
    'postgres',
    'reactions',
    async ({ env, overrides }) => ({ harness: await startHarness(testConfig(env), overrides) }),
    ({ harness }) => harness.stop(),
  ),
);

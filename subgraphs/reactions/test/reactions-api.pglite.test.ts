import { startOnBackend } from '@agora/testing';
import { describeReactionsApi } from './reactions-api.suite';
import { startHarness, testConfig } from './support/reactions-harness';

describeReactionsApi('PGlite (in memory)', () =>
  startOnBackend(
    'pglite',
    'reactions',
    async ({ env, overrides }) => ({ harness: await startHarness(testConfig(env), overrides) }),
    ({ harness }) => harness.stop(),
  ),
);

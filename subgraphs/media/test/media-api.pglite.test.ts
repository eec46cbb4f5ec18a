import { startOnBackend } from '@agora/testing';
import { describeMediaApi } from './media-api.suite';
import { startHarness, testConfig } from './support/media-harness';

describeMediaApi('PGlite (in memory)', () =>
  startOnBackend(
    'pglite',
    'media',
    async ({ env, overrides }) => startHarness(testConfig(env), overrides),
    (harness) => harness.stop(),
  ),
);

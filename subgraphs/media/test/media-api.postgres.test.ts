import { startOnBackend } from '@agora/testing';
import { describeMediaApi } from './media-api.suite';
import { startHarness, testConfig } from './support/media-harness';

/** The same suite on real Postgres, configured the way production is: MEDIA_DATABASE_URL. */
describeMediaApi('Postgres', () =>
  startOnBackend(
    'postgres',
    'media',
    async ({ env, overrides }) => startHarness(testConfig(env), overrides),
    (harness) => harness.stop(),
  ),
);

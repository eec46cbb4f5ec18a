/**
 * Start-up and shutdown as main.ts runs them: config from env, PGlite in `<DATA_DIR>/social`,
 * health endpoints, and a clean stop (the shared lifecycle suite); social keeps a circle.
 */
import { gql } from '@agora/testing';
import { defineLifecycleSuite } from '@agora/testing/suites';
import { expect } from 'vitest';
import { startSocial } from '../src/app';
import { CREATE_CIRCLE, MY_CIRCLES } from './support/operations';
import { aUser, identityHeaders, testConfig, testLogger } from './support/social-harness';

defineLifecycleSuite({
  name: 'social',
  inProcess: {
    config: testConfig,
    start: (config) => startSocial(config, { logger: testLogger() }),
    async write(app) {
      const owner = aUser();
      const created = await gql(app.url, CREATE_CIRCLE, { input: { name: 'On disk' } }, { headers: await identityHeaders(owner) });
      expect(created.errors).toBeUndefined();
      return owner;
    },
    async readBack(app, owner) {
      const circles = await gql(app.url, MY_CIRCLES, {}, { headers: await identityHeaders(owner) });
      expect(circles.data?.myCircles).toEqual([expect.objectContaining({ name: 'On disk' })]);
    },
  },
});

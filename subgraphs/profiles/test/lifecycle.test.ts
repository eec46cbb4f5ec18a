/**
 * Start-up and shutdown as main.ts runs them: config from env, PGlite in `<DATA_DIR>/profiles`,
 * health endpoints, and a clean stop (the shared lifecycle suite); profiles keeps a profile.
 */
import { defineLifecycleSuite } from '@agora/testing/suites';
import { expect } from 'vitest';
import { startProfiles } from '../src/app';
import { anAccount, entities, testConfig, testLogger, updateProfile } from './support/profiles-harness';

defineLifecycleSuite({
  name: 'profiles',
  inProcess: {
    config: testConfig,
    start: (config) => startProfiles(config, { logger: testLogger() }),
    async write(app) {
      const viewer = { userId: anAccount().accountId, username: 'lifecycle' };
      expect((await updateProfile(app.url, viewer, { bio: 'on disk' })).errors).toBeUndefined();
      return viewer;
    },
    async readBack(app, viewer) {
      expect((await entities(app.url, [viewer.userId])).data?._entities).toEqual([
        { id: viewer.userId, displayName: 'lifecycle', bio: 'on disk', avatarUrl: null },
      ]);
    },
  },
});

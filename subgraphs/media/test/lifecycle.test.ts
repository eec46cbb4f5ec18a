/**
 * Start-up and shutdown as main.ts runs them: config from env, PGlite in `<DATA_DIR>/media`,
 * health endpoints, a clean stop, and the process as `npm start` runs it (the shared lifecycle suite).
 */
import { createLogger } from '@agora/service-kit';
import { defineLifecycleSuite } from '@agora/testing/suites';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { startMedia } from '../src/app';
import { configSchema } from '../src/config';

const SECRET = 'media-lifecycle-tests-internal-secret-0123456789';
const ALBUM = { id: randomUUID(), ownerId: randomUUID(), title: 'Kept across restarts', visibility: 'PUBLIC', createdAt: new Date() };

defineLifecycleSuite({
  name: 'media',
  inProcess: {
    extraReadinessChecks: ['storage'],
    config: (env) => ({ ...configSchema.parse({ AGORA_INTERNAL_SECRET: SECRET, LOG_LEVEL: 'silent', NODE_ENV: 'test', ...env }), port: 0 }),
    start: (config) => startMedia(config, { logger: createLogger('media-test', 'silent') }),
    // A row of media's own written on the first start is read back on the second.
    write: async (app) => {
      await app.prisma.album.create({ data: ALBUM });
    },
    async readBack(app) {
      expect(await app.prisma.album.findUnique({ where: { id: ALBUM.id } })).toMatchObject({ title: ALBUM.title, ownerId: ALBUM.ownerId });
    },
  },
  asProcess: {
    packageDir: fileURLToPath(new URL('..', import.meta.url)),
    portVariable: 'MEDIA_PORT',
    badEnv: { variable: 'MEDIA_PORT', value: 'not-a-port' },
  },
});

/**
 * Start-up and shutdown as main.ts runs them: config from env, PGlite in `<DATA_DIR>/moderation`,
 * health endpoints, a clean stop, and the process as `npm start` runs it (the shared lifecycle suite).
 */
import { createLogger } from '@agora/service-kit';
import { defineLifecycleSuite } from '@agora/testing/suites';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { startModeration } from '../src/app';
import { configSchema } from '../src/config';

const SECRET = 'moderation-lifecycle-tests-internal-secret-0123456789';
const migrations = (app: { prisma: { $queryRawUnsafe<T>(sql: string): Promise<T> } }) =>
  app.prisma.$queryRawUnsafe<{ migration_name: string }[]>('SELECT migration_name FROM _prisma_migrations ORDER BY migration_name');

defineLifecycleSuite({
  name: 'moderation',
  inProcess: {
    config: (env) => ({ ...configSchema.parse({ AGORA_INTERNAL_SECRET: SECRET, LOG_LEVEL: 'silent', NODE_ENV: 'test', ...env }), port: 0 }),
    start: (config) => startModeration(config, { logger: createLogger('moderation-test', 'silent') }),
    // Until the context has data of its own: the migrations applied on the first start are found, not re-applied, on the second.
    write: async (app) => migrations(app),
    async readBack(app, applied) {
      expect(applied.length).toBeGreaterThan(0);
      expect(await migrations(app)).toEqual(applied);
    },
  },
  asProcess: {
    packageDir: fileURLToPath(new URL('..', import.meta.url)),
    portVariable: 'MODERATION_PORT',
    badEnv: { variable: 'MODERATION_PORT', value: 'not-a-port' },
  },
});

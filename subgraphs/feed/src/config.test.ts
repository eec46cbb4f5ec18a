import { describe, expect, it } from 'vitest';
import { configSchema } from './config';

describe('feed config', () => {
  it('defaults to port 4008, PGlite under .data, a local NATS and a 30-day backfill window', () => {
    expect(configSchema.parse({})).toMatchObject({
      port: 4008,
      host: '127.0.0.1',
      databaseUrl: undefined,
      dataDir: '.data',
      natsUrl: 'nats://127.0.0.1:4222',
      logLevel: 'info',
      nodeEnv: 'development',
      backfillDays: 30,
    });
  });

  it('reads the shared variable names', () => {
    expect(
      configSchema.parse({
        FEED_PORT: '5008',
        HOST: '0.0.0.0',
        FEED_DATABASE_URL: 'postgres://agora@db:5432/agora_feed',
        DATA_DIR: '/var/lib/agora',
        NATS_URL: 'nats://nats:4222',
        LOG_LEVEL: 'debug',
        AGORA_INTERNAL_SECRET: 's'.repeat(40),
        NODE_ENV: 'production',
        FEED_BACKFILL_DAYS: '7',
      }),
    ).toEqual({
      port: 5008,
      host: '0.0.0.0',
      databaseUrl: 'postgres://agora@db:5432/agora_feed',
      dataDir: '/var/lib/agora',
      natsUrl: 'nats://nats:4222',
      logLevel: 'debug',
      internalSecret: 's'.repeat(40),
      nodeEnv: 'production',
      backfillDays: 7,
    });
  });

  it('refuses a backfill window that is not a whole number of days ≥ 0', () => {
    for (const FEED_BACKFILL_DAYS of ['-1', '1.5', 'a month']) {
      expect(configSchema.safeParse({ FEED_BACKFILL_DAYS }).success, FEED_BACKFILL_DAYS).toBe(false);
    }
    expect(configSchema.parse({ FEED_BACKFILL_DAYS: '0' }).backfillDays).toBe(0);
  });
});

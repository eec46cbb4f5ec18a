import { describe, expect, it } from 'vitest';
import { configSchema } from './config';

describe('reactions config', () => {
  it('defaults to port 4006, PGlite under .data and a local NATS', () => {
    expect(configSchema.parse({})).toMatchObject({
      port: 4006,
      host: '127.0.0.1',
      databaseUrl: undefined,
      dataDir: '.data',
      natsUrl: 'nats://127.0.0.1:4222',
      logLevel: 'info',
      nodeEnv: 'development',
    });
  });

  it('reads the shared variable names', () => {
    const config = configSchema.parse({
      REACTIONS_PORT: '5004',
      HOST: '0.0.0.0',
      REACTIONS_DATABASE_URL: 'postgres://agora@db:5432/agora_reactions',
      DATA_DIR: '/var/lib/agora',
      NATS_URL: 'nats://nats:4222',
      LOG_LEVEL: 'debug',
      AGORA_INTERNAL_SECRET: 's'.repeat(40),
      NODE_ENV: 'production',
    });

    expect(config).toEqual({
      port: 5004,
      host: '0.0.0.0',
      databaseUrl: 'postgres://agora@db:5432/agora_reactions',
      dataDir: '/var/lib/agora',
      natsUrl: 'nats://nats:4222',
      logLevel: 'debug',
      internalSecret: 's'.repeat(40),
      nodeEnv: 'production',
    });
  });

  it('rejects a bad port and a bad database URL', () => {
    expect(configSchema.safeParse({ REACTIONS_PORT: 'abc' }).success).toBe(false);
    expect(configSchema.safeParse({ REACTIONS_DATABASE_URL: 'not a url' }).success).toBe(false);
  });
});

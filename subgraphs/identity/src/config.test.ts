import { describe, expect, it } from 'vitest';
import { identityConfigSchema } from './config';

describe('identity config', () => {
  it('has working defaults (PGlite in .data/identity, port 4001, 15 min / 30 day tokens)', () => {
    expect(identityConfigSchema.parse({})).toMatchObject({
      port: 4001,
      host: '127.0.0.1',
      databaseUrl: undefined,
      dataDir: '.data',
      natsUrl: 'nats://127.0.0.1:4222',
      auth: { issuer: 'urn:agora:identity', audience: 'urn:agora:api', accessTokenTtlSeconds: 900, refreshTokenTtlSeconds: 2_592_000 },
    });
  });

  it('reads every documented variable', () => {
    const config = identityConfigSchema.parse({
      IDENTITY_PORT: '5001',
      HOST: '0.0.0.0',
      IDENTITY_DATABASE_URL: 'postgres://db/identity',
      DATA_DIR: '/var/agora',
      NATS_URL: 'nats://nats:4222',
      LOG_LEVEL: 'debug',
      AGORA_INTERNAL_SECRET: 's'.repeat(32),
      AUTH_ISSUER: 'https://id.example',
      AUTH_AUDIENCE: 'https://api.example',
      ACCESS_TOKEN_TTL_SECONDS: '120',
      REFRESH_TOKEN_TTL_SECONDS: '86400',
    });
    expect(config).toEqual({
      port: 5001,
      host: '0.0.0.0',
      databaseUrl: 'postgres://db/identity',
      dataDir: '/var/agora',
      natsUrl: 'nats://nats:4222',
      logLevel: 'debug',
      internalSecret: 's'.repeat(32),
      nodeEnv: 'development',
      auth: { issuer: 'https://id.example', audience: 'https://api.example', accessTokenTtlSeconds: 120, refreshTokenTtlSeconds: 86400 },
    });
  });

  it('treats empty variables as unset', () => {
    expect(identityConfigSchema.parse({ ACCESS_TOKEN_TTL_SECONDS: '', AUTH_ISSUER: '' }).auth).toMatchObject({
      accessTokenTtlSeconds: 900,
      issuer: 'urn:agora:identity',
    });
  });

  it.each([
    ['ACCESS_TOKEN_TTL_SECONDS', 'soon'],
    ['ACCESS_TOKEN_TTL_SECONDS', '5'],
    ['REFRESH_TOKEN_TTL_SECONDS', '1.5'],
    ['IDENTITY_PORT', '70000'],
  ])('rejects %s=%s naming the variable', (name, value) => {
    const result = identityConfigSchema.safeParse({ [name]: value });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path).toEqual([name]);
  });
});

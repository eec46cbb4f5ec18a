import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_RATE_LIMITS } from './application/rate-limits';
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
    expect(config).toMatchObject({
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

  it('defaults: verified email not required, rate limits on with the documented defaults, mail to .eml files', () => {
    expect(identityConfigSchema.parse({})).toMatchObject({
      requireVerifiedEmail: false,
      rateLimits: DEFAULT_RATE_LIMITS,
      mail: { smtpUrl: undefined, from: 'Agora <no-reply@agora.localhost>', publicUrl: 'http://localhost:4000', dataDir: '.data' },
    });
  });

  it('reads the accounts settings: AUTH_REQUIRE_VERIFIED_EMAIL, mail, AGORA_RATE_LIMITS and limit overrides', () => {
    const config = identityConfigSchema.parse({
      AUTH_REQUIRE_VERIFIED_EMAIL: 'true',
      SMTP_URL: 'smtp://mail:25',
      MAIL_FROM: 'Agora <hi@agora.example>',
      AGORA_PUBLIC_URL: 'https://agora.example',
      DATA_DIR: '/var/agora',
      RATE_LIMIT_LOGIN_ACCOUNT_IP: '5/600',
      RATE_LIMIT_REGISTER: '20/3600/7200',
    });
    expect(config.requireVerifiedEmail).toBe(true);
    expect(config.mail).toEqual({
      smtpUrl: 'smtp://mail:25',
      from: 'Agora <hi@agora.example>',
      publicUrl: 'https://agora.example',
      dataDir: '/var/agora',
    });
    expect(config.rateLimits).toEqual({
      ...DEFAULT_RATE_LIMITS,
      loginAccountIp: { points: 5, durationSeconds: 600, blockSeconds: DEFAULT_RATE_LIMITS.loginAccountIp.blockSeconds },
      register: { points: 20, durationSeconds: 3600, blockSeconds: 7200 },
    });
    expect(identityConfigSchema.parse({ AGORA_RATE_LIMITS: 'off' }).rateLimits).toBeNull();
  });

  it('refuses AGORA_RATE_LIMITS=off in production and a malformed limit', () => {
    vi.stubEnv('NODE_ENV', 'production');
    let off;
    try {
      off = identityConfigSchema.safeParse({ AGORA_RATE_LIMITS: 'off', NODE_ENV: 'production', AGORA_INTERNAL_SECRET: 's'.repeat(32) });
    } finally {
      vi.unstubAllEnvs();
    }
    expect(off.success).toBe(false);
    expect(off.error!.issues.map((i) => i.path[0])).toContain('AGORA_RATE_LIMITS');
    const bad = identityConfigSchema.safeParse({ RATE_LIMIT_OAUTH_START: 'many' });
    expect(bad.error!.issues[0]!.path).toEqual(['RATE_LIMIT_OAUTH_START']);
  });

  it('requires IDENTITY_KEY_ENCRYPTION_KEY (32 bytes base64) in production and checks its format everywhere', () => {
    const production = { NODE_ENV: 'production', AGORA_INTERNAL_SECRET: 's'.repeat(32) };
    const missing = identityConfigSchema.safeParse(production);
    expect(missing.error!.issues).toEqual([
      expect.objectContaining({ path: ['IDENTITY_KEY_ENCRYPTION_KEY'], message: expect.stringMatching(/required in production/) }),
    ]);
    const key = Buffer.alloc(32, 7).toString('base64');
    expect(identityConfigSchema.parse({ ...production, IDENTITY_KEY_ENCRYPTION_KEY: key }).auth.keyEncryptionKey).toBe(key);
    for (const bad of [Buffer.alloc(16).toString('base64'), 'not base64!'])
      expect(identityConfigSchema.safeParse({ IDENTITY_KEY_ENCRYPTION_KEY: bad }).error!.issues[0]!.path).toEqual([
        'IDENTITY_KEY_ENCRYPTION_KEY',
      ]);
    expect(identityConfigSchema.safeParse({ IDENTITY_KEY_ENCRYPTION_KEY_PREVIOUS: `${key},short` }).success).toBe(false);
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

  describe('external sign-in (OAuth)', () => {
    it('has no provider by default and allows only <AGORA_PUBLIC_URL>/oauth/callback', () => {
      expect(identityConfigSchema.parse({}).oauth).toEqual({
        redirectUris: ['http://localhost:4000/oauth/callback'],
        github: null,
        google: null,
      });
      expect(identityConfigSchema.parse({ AGORA_PUBLIC_URL: 'https://agora.example/' }).oauth.redirectUris).toEqual([
        'https://agora.example/oauth/callback',
      ]);
    });

    it('turns a provider on with its client id and secret (default endpoints github.com / accounts.google.com)', () => {
      const { oauth } = identityConfigSchema.parse({
        GITHUB_CLIENT_ID: 'gh-id',
        GITHUB_CLIENT_SECRET: 'gh-secret',
        GOOGLE_CLIENT_ID: 'g-id',
        GOOGLE_CLIENT_SECRET: 'g-secret',
        OAUTH_REDIRECT_URIS: ' https://app.example/oauth/callback , http://localhost:5173/auth/callback ',
      });
      expect(oauth).toEqual({
        redirectUris: ['https://app.example/oauth/callback', 'http://localhost:5173/auth/callback'],
        github: {
          clientId: 'gh-id',
          clientSecret: 'gh-secret',
          authorizationUrl: 'https://github.com/login/oauth/authorize',
          tokenUrl: 'https://github.com/login/oauth/access_token',
          apiUrl: 'https://api.github.com',
        },
        google: { clientId: 'g-id', clientSecret: 'g-secret', issuer: 'https://accounts.google.com' },
      });
    });

    it('reads the endpoint overrides', () => {
      const { oauth } = identityConfigSchema.parse({
        GITHUB_CLIENT_ID: 'id',
        GITHUB_CLIENT_SECRET: 'secret',
        GITHUB_AUTHORIZATION_URL: 'http://127.0.0.1:9000/authorize',
        GITHUB_TOKEN_URL: 'http://127.0.0.1:9000/token',
        GITHUB_API_URL: 'http://127.0.0.1:9001',
        GOOGLE_CLIENT_ID: 'id',
        GOOGLE_CLIENT_SECRET: 'secret',
        GOOGLE_ISSUER: 'http://127.0.0.1:9002',
      });
      expect(oauth.github).toMatchObject({ authorizationUrl: 'http://127.0.0.1:9000/authorize', apiUrl: 'http://127.0.0.1:9001' });
      expect(oauth.google).toMatchObject({ issuer: 'http://127.0.0.1:9002' });
    });

    it.each([
      [{ GITHUB_CLIENT_ID: 'id' }, 'GITHUB_CLIENT_SECRET'],
      [{ GOOGLE_CLIENT_SECRET: 'secret' }, 'GOOGLE_CLIENT_ID'],
      [{ OAUTH_REDIRECT_URIS: 'not a url' }, 'OAUTH_REDIRECT_URIS'],
      [{ OAUTH_REDIRECT_URIS: 'https://app.example/cb?next=1' }, 'OAUTH_REDIRECT_URIS'],
      [{ OAUTH_REDIRECT_URIS: 'ftp://app.example/cb' }, 'OAUTH_REDIRECT_URIS'],
      [{ GOOGLE_ISSUER: 'accounts.google.com' }, 'GOOGLE_ISSUER'],
    ])('refuses %j naming %s', (env, name) => {
      const result = identityConfigSchema.safeParse(env);
      expect(result.success).toBe(false);
      expect(result.error!.issues[0]!.path[0]).toBe(name);
    });
  });
});

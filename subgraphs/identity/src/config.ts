import { mailEnv } from '@agora/mail';
import { env } from '@agora/service-kit';
import { z } from 'zod';
import {
  DEFAULT_RATE_LIMITS,
  RATE_LIMIT_NAMES,
  type RateLimitName,
  type RateLimitPolicy,
  type RateLimitRule,
} from './application/rate-limits';
import { oauthEnv, oauthSettings } from './infrastructure/oauth/oauth-config';
import { parseKeyEncryptionKey } from './infrastructure/signing-keys/key-encryption';

const KEY_FORMAT = 'expected 32 bytes, base64 or base64url: `openssl rand -base64 32`';
const isKeyEncryptionKey = (value: string) => {
  try {
    parseKeyEncryptionKey(value);
    return true;
  } catch {
    return false;
  }
};

/** `FOO=` means "not set": fall back to the default instead of failing on an empty string. */
const unsetIfEmpty = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema);

const seconds = (defaultValue: number, min: number, max: number) =>
  unsetIfEmpty(
    z.coerce
      .number({ error: 'expected a number of seconds' })
      .int('expected whole seconds')
      .min(min, `expected at least ${min} seconds`)
      .max(max, `expected at most ${max} seconds`)
      .default(defaultValue),
  );

const DAY = 24 * 60 * 60;

/** `loginAccountIp` → `RATE_LIMIT_LOGIN_ACCOUNT_IP`. */
export const rateLimitEnvName = (name: RateLimitName) => `RATE_LIMIT_${name.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;

/** `<points>/<seconds>` or `<points>/<seconds>/<block seconds>`, e.g. `10/900/900`. */
const rateLimitRule = (name: RateLimitName) =>
  unsetIfEmpty(
    z
      .string()
      .regex(/^\d+\/\d+(\/\d+)?$/, 'expected <points>/<seconds>[/<block seconds>], e.g. 10/900')
      .transform((value): RateLimitRule => {
        const [points, durationSeconds, blockSeconds] = value.split('/').map(Number) as [number, number, number | undefined];
        return { points, durationSeconds, blockSeconds: blockSeconds ?? DEFAULT_RATE_LIMITS[name].blockSeconds };
      })
      .refine((rule) => rule.points >= 1 && rule.durationSeconds >= 1, 'expected at least 1 point and 1 second')
      .optional(),
  );

const rateLimitOverrides = Object.fromEntries(RATE_LIMIT_NAMES.map((name) => [rateLimitEnvName(name), rateLimitRule(name)])) as Record<
  string,
  ReturnType<typeof rateLimitRule>
>;

/** Env of the identity process (names shared with docker-compose and the dev stack). */
export const identityConfigSchema = z
  .object({
    IDENTITY_PORT: env.port(4001),
    HOST: unsetIfEmpty(z.string().default('127.0.0.1')),
    /** Postgres when set; embedded PGlite in `<DATA_DIR>/identity` otherwise. */
    IDENTITY_DATABASE_URL: env.optionalUrl,
    DATA_DIR: unsetIfEmpty(z.string().default('.data')),
    NATS_URL: unsetIfEmpty(z.string().default('nats://127.0.0.1:4222')),
    NATS_USER: env.optionalString,
    NATS_PASSWORD: env.optionalString,
    LOG_LEVEL: env.logLevel,
    AGORA_INTERNAL_SECRET: env.internalSecret,
    NODE_ENV: unsetIfEmpty(z.string().default('development')),
    /** `iss` of access tokens; the gateway checks it. */
    AUTH_ISSUER: unsetIfEmpty(z.string().default('urn:agora:identity')),
    /** `aud` of access tokens; the gateway checks it. */
    AUTH_AUDIENCE: unsetIfEmpty(z.string().default('urn:agora:api')),
    /** Lifetime of an access token: also how long a logged-out session's access token still works. */
    ACCESS_TOKEN_TTL_SECONDS: seconds(900, 60, DAY),
    /** Lifetime of each refresh token (sliding: every refresh issues a fresh one). */
    REFRESH_TOKEN_TTL_SECONDS: seconds(30 * DAY, 300, 365 * DAY),
    /** Refuse writes by unverified accounts, and answer `register` with a taken email like success. */
    AUTH_REQUIRE_VERIFIED_EMAIL: env.flag(false),
    /**
     * 32 bytes, base64 or base64url (`openssl rand -base64 32`): encrypts the signing keys at rest.
     * Required in production; elsewhere unset = a generated key in `<DATA_DIR>/identity-key-encryption.key`.
     */
    IDENTITY_KEY_ENCRYPTION_KEY: unsetIfEmpty(z.string().refine(isKeyEncryptionKey, KEY_FORMAT).optional()),
    /** Comma-separated former IDENTITY_KEY_ENCRYPTION_KEYs: still decrypt; identity re-encrypts under the current key at start. */
    IDENTITY_KEY_ENCRYPTION_KEY_PREVIOUS: unsetIfEmpty(
      z
        .string()
        .refine((v) => v.split(',').every((k) => k.trim() === '' || isKeyEncryptionKey(k)), KEY_FORMAT)
        .optional(),
    ),
    /** That account is ADMIN: from its registration on, or from identity's next start when it exists already. */
    AGORA_BOOTSTRAP_ADMIN_EMAIL: unsetIfEmpty(z.email({ error: 'expected an email address' }).optional()),
    /** Where the ops CLIs (admin:grant, keys:rotate) reach a running identity; default http://<HOST or 127.0.0.1>:<IDENTITY_PORT>. */
    IDENTITY_OPS_URL: env.optionalUrl,
    /** `off` turns every rate limit off (never in production). */
    AGORA_RATE_LIMITS: env.rateLimits,
    ...mailEnv,
    /** External sign-in: GITHUB_*, GOOGLE_*, OAUTH_REDIRECT_URIS (README "External sign-in"). */
    ...oauthEnv,
    ...rateLimitOverrides,
  })
  .superRefine((e, ctx) => {
    if (e.NODE_ENV === 'production' && !e.IDENTITY_KEY_ENCRYPTION_KEY) {
      ctx.addIssue({ code: 'custom', path: ['IDENTITY_KEY_ENCRYPTION_KEY'], message: `required in production (${KEY_FORMAT})` });
    }
  })
  .transform((e, ctx) => ({
    port: e.IDENTITY_PORT,
    host: e.HOST,
    databaseUrl: e.IDENTITY_DATABASE_URL,
    dataDir: e.DATA_DIR,
    natsUrl: e.NATS_URL,
    natsUser: e.NATS_USER,
    natsPassword: e.NATS_PASSWORD,
    logLevel: e.LOG_LEVEL,
    internalSecret: e.AGORA_INTERNAL_SECRET,
    nodeEnv: e.NODE_ENV,
    auth: {
      issuer: e.AUTH_ISSUER,
      audience: e.AUTH_AUDIENCE,
      accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlSeconds: e.REFRESH_TOKEN_TTL_SECONDS,
      keyEncryptionKey: e.IDENTITY_KEY_ENCRYPTION_KEY,
      previousKeyEncryptionKeys: e.IDENTITY_KEY_ENCRYPTION_KEY_PREVIOUS,
    },
    requireVerifiedEmail: e.AUTH_REQUIRE_VERIFIED_EMAIL,
    bootstrapAdminEmail: e.AGORA_BOOTSTRAP_ADMIN_EMAIL?.trim().toLowerCase() ?? null,
    opsUrl: e.IDENTITY_OPS_URL ?? `http://${['0.0.0.0', '::', ''].includes(e.HOST) ? '127.0.0.1' : e.HOST}:${e.IDENTITY_PORT}`,
    /** null = limits off. */
    rateLimits: e.AGORA_RATE_LIMITS ? rateLimitPolicy(e as unknown as Record<string, RateLimitRule | undefined>) : null,
    mail: { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM, publicUrl: e.AGORA_PUBLIC_URL, dataDir: e.DATA_DIR },
    oauth: oauthSettings(e, e.AGORA_PUBLIC_URL, ctx),
  }));

function rateLimitPolicy(e: Record<string, RateLimitRule | undefined>): RateLimitPolicy {
  return Object.fromEntries(
    RATE_LIMIT_NAMES.map((name) => [name, e[rateLimitEnvName(name)] ?? DEFAULT_RATE_LIMITS[name]]),
  ) as RateLimitPolicy;
}

export type IdentityConfig = z.infer<typeof identityConfigSchema>;

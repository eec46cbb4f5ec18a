import { env } from '@agora/service-kit';
import { z } from 'zod';

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

/** Env of the identity process (names shared with docker-compose and the dev stack). */
export const identityConfigSchema = z
  .object({
    IDENTITY_PORT: env.port(4001),
    HOST: unsetIfEmpty(z.string().default('127.0.0.1')),
    /** Postgres when set; embedded PGlite in `<DATA_DIR>/identity` otherwise. */
    IDENTITY_DATABASE_URL: env.optionalUrl,
    DATA_DIR: unsetIfEmpty(z.string().default('.data')),
    NATS_URL: unsetIfEmpty(z.string().default('nats://127.0.0.1:4222')),
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
  })
  .transform((e) => ({
    port: e.IDENTITY_PORT,
    host: e.HOST,
    databaseUrl: e.IDENTITY_DATABASE_URL,
    dataDir: e.DATA_DIR,
    natsUrl: e.NATS_URL,
    logLevel: e.LOG_LEVEL,
    internalSecret: e.AGORA_INTERNAL_SECRET,
    nodeEnv: e.NODE_ENV,
    auth: {
      issuer: e.AUTH_ISSUER,
      audience: e.AUTH_AUDIENCE,
      accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlSeconds: e.REFRESH_TOKEN_TTL_SECONDS,
    },
  }));

export type IdentityConfig = z.infer<typeof identityConfigSchema>;

import { z } from 'zod';
import { env, type LogLevel } from './config';

/** What every bounded context's process reads from its environment. */
export interface ContextConfig {
  port: number;
  host: string;
  /** Postgres when set; otherwise embedded PGlite in `<dataDir>/<context>`. */
  databaseUrl: string | undefined;
  dataDir: string;
  natsUrl: string;
  /** `NATS_USER`: the NATS user this context connects as (its name; unset: anonymous, a server without auth). */
  natsUser?: string | undefined;
  /** `NATS_PASSWORD`. */
  natsPassword?: string | undefined;
  logLevel: LogLevel;
  internalSecret: string;
  nodeEnv: 'development' | 'test' | 'production';
  /**
   * `AUTH_REQUIRE_VERIFIED_EMAIL` (default false): the command pipeline refuses `viewer:
   * 'required'` commands of viewers whose email is not verified (FORBIDDEN
   * `IDENTITY.EMAIL_NOT_VERIFIED`), except those that allow it. Optional in the type (absent =
   * false) so hand-written test configs need not say it; the parsed config always sets it.
   */
  requireVerifiedEmail?: boolean;
}

const prefixOf = (context: string) => context.toUpperCase().replace(/[^A-Z0-9]+/g, '_');

/**
 * The environment every context reads, with the names docker-compose and the dev stack set:
 * `<CONTEXT>_PORT`, `<CONTEXT>_DATABASE_URL`, `HOST`, `DATA_DIR`, `NATS_URL`, `NATS_USER`, `NATS_PASSWORD`, `LOG_LEVEL`,
 * `AGORA_INTERNAL_SECRET`, `NODE_ENV`, `AUTH_REQUIRE_VERIFIED_EMAIL`. A context with settings of its own `.extend`s it and maps
 * the result with `toContextConfig` (see the feed's config).
 */
export function contextEnv(context: string, defaultPort: number) {
  const prefix = prefixOf(context);
  const shape: Record<string, z.ZodType> = {
    [`${prefix}_PORT`]: env.port(defaultPort),
    HOST: z.string().min(1).default('127.0.0.1'),
    [`${prefix}_DATABASE_URL`]: env.optionalUrl,
    DATA_DIR: z.string().min(1).default('.data'),
    NATS_URL: z.string().min(1).default('nats://127.0.0.1:4222'),
    NATS_USER: env.optionalString,
    NATS_PASSWORD: env.optionalString,
    LOG_LEVEL: env.logLevel,
    AGORA_INTERNAL_SECRET: env.internalSecret,
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    AUTH_REQUIRE_VERIFIED_EMAIL: env.flag(false),
  };
  return z.object(shape);
}

/** The parsed variables of `contextEnv(context, …)` as a `ContextConfig`. */
export function toContextConfig(context: string, raw: Record<string, unknown>): ContextConfig {
  const prefix = prefixOf(context);
  return {
    port: raw[`${prefix}_PORT`] as number,
    host: raw.HOST as string,
    databaseUrl: raw[`${prefix}_DATABASE_URL`] as string | undefined,
    dataDir: raw.DATA_DIR as string,
    natsUrl: raw.NATS_URL as string,
    natsUser: raw.NATS_USER as string | undefined,
    natsPassword: raw.NATS_PASSWORD as string | undefined,
    logLevel: raw.LOG_LEVEL as LogLevel,
    internalSecret: raw.AGORA_INTERNAL_SECRET as string,
    nodeEnv: raw.NODE_ENV as ContextConfig['nodeEnv'],
    requireVerifiedEmail: raw.AUTH_REQUIRE_VERIFIED_EMAIL === true,
  };
}

/** A context's whole config schema when it has no settings of its own. */
export function contextConfigSchema(context: string, defaultPort: number) {
  return contextEnv(context, defaultPort).transform((raw): ContextConfig => toContextConfig(context, raw));
}

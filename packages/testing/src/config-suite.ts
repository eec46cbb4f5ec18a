/**
 * The config cases every context's `src/config.test.ts` shares: a context reads the shared
 * variables (HOST, DATA_DIR, NATS_URL, LOG_LEVEL, AGORA_INTERNAL_SECRET, NODE_ENV,
 * AUTH_REQUIRE_VERIFIED_EMAIL) and its own
 * `<PREFIX>_PORT` / `<PREFIX>_DATABASE_URL`, with the same defaults everywhere but the port.
 */
import { describe, expect, it } from 'vitest';

export interface ConfigSchemaLike {
  parse(env: Record<string, string>): unknown;
  safeParse(env: Record<string, string>): { success: boolean };
}

export interface ConfigSuiteOptions {
  /** The context: `<name> config`, and the database `agora_<name>` in the URL it reads. */
  name: string;
  schema: ConfigSchemaLike;
  /** `PROFILES` for PROFILES_PORT and PROFILES_DATABASE_URL. */
  envPrefix: string;
  defaultPort: number;
  /** The port the variables case sets. */
  port: number;
  /** The context's own variables: their defaults, what the variables case sets and what it then parses to. */
  own?: { defaults: Record<string, unknown>; env: Record<string, string>; parsed: Record<string, unknown> };
  /** The defaults case's title; default `defaults to port <defaultPort>, PGlite under .data and a local NATS`. */
  defaultsTitle?: string;
  /** Whether to add the case that rejects a bad port and a bad database URL; default true. */
  rejectsBadPortAndUrl?: boolean;
  /** The context's own cases, inside the same describe block. */
  extraCases?(): void;
}

export function defineConfigSuite(options: ConfigSuiteOptions): void {
  const { name, schema, envPrefix, defaultPort, port, own } = options;
  describe(`${name} config`, () => {
    it(options.defaultsTitle ?? `defaults to port ${defaultPort}, PGlite under .data and a local NATS`, () => {
      expect(schema.parse({})).toMatchObject({
        port: defaultPort,
        host: '127.0.0.1',
        databaseUrl: undefined,
        dataDir: '.data',
        natsUrl: 'nats://127.0.0.1:4222',
        logLevel: 'info',
        nodeEnv: 'development',
        ...own?.defaults,
      });
    });

    it('reads the shared variable names', () => {
      const config = schema.parse({
        [`${envPrefix}_PORT`]: String(port),
        HOST: '0.0.0.0',
        [`${envPrefix}_DATABASE_URL`]: `postgres://agora@db:5432/agora_${name}`,
        DATA_DIR: '/var/lib/agora',
        NATS_URL: 'nats://nats:4222',
        LOG_LEVEL: 'debug',
        AGORA_INTERNAL_SECRET: 's'.repeat(40),
        NODE_ENV: 'production',
        AUTH_REQUIRE_VERIFIED_EMAIL: 'true',
        ...own?.env,
      });

      expect(config).toEqual({
        port,
        host: '0.0.0.0',
        databaseUrl: `postgres://agora@db:5432/agora_${name}`,
        dataDir: '/var/lib/agora',
        natsUrl: 'nats://nats:4222',
        logLevel: 'debug',
        internalSecret: 's'.repeat(40),
        nodeEnv: 'production',
        requireVerifiedEmail: true,
        ...own?.parsed,
      });
    });

    if (options.rejectsBadPortAndUrl ?? true) {
      it('rejects a bad port and a bad database URL', () => {
        expect(schema.safeParse({ [`${envPrefix}_PORT`]: 'abc' }).success).toBe(false);
        expect(schema.safeParse({ [`${envPrefix}_DATABASE_URL`]: 'not a url' }).success).toBe(false);
      });
    }

    options.extraCases?.();
  });
}

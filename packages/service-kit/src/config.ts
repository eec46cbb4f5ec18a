import { z } from 'zod';

/** EX_CONFIG from sysexits.h: the process was started with a bad configuration. */
export const CONFIG_EXIT_CODE = 78;

/**
 * Used for `AGORA_INTERNAL_SECRET` outside production so `npm start` works with no setup. Every
 * process computes the same default, so the gateway and the subgraphs agree. Rejected in production.
 */
export const DEV_INTERNAL_SECRET = 'agora-dev-only-internal-secret-do-not-use-in-production';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * The environment being parsed. `loadConfig` sets it for the duration of a (synchronous) parse so
 * schemas that depend on NODE_ENV read the env they were given, not necessarily `process.env`.
 */
let parsingEnv: NodeJS.ProcessEnv | undefined;
const isProduction = () => (parsingEnv ?? process.env).NODE_ENV === 'production';

/** `FOO=` in a shell or .env file means "not set", not "the empty string". */
const emptyToUndefined = (value: unknown) => (value === '' ? undefined : value);

const TRUE_WORDS = new Set(['true', '1', 'yes', 'on']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'off']);

/** Reusable zod pieces: port numbers, log levels, URLs, the internal secret, flags, the rate-limit switch. */
export const env: {
  port: (defaultPort: number) => z.ZodType<number>;
  logLevel: z.ZodType<LogLevel>;
  /** `AGORA_INTERNAL_SECRET`: ≥ 32 chars; a fixed development default outside production. */
  internalSecret: z.ZodType<string>;
  optionalUrl: z.ZodType<string | undefined>;
  /** A variable that may be unset (empty = unset), e.g. `NATS_USER`, `NATS_PASSWORD`. */
  optionalString: z.ZodType<string | undefined>;
  /** A boolean variable: `true`/`false` (also `1`/`0`, `yes`/`no`, `on`/`off`, any case); unset = `defaultValue`. */
  flag: (defaultValue: boolean) => z.ZodType<boolean>;
  /**
   * `AGORA_RATE_LIMITS`: `on` (default) or `off`; parsed to "limits enabled". `off` turns every
   * rate limit off (benchmarks, test harnesses) and is refused when `NODE_ENV=production`.
   */
  rateLimits: z.ZodType<boolean>;
} = {
  port: (defaultPort) =>
    z.preprocess(
      emptyToUndefined,
      z.coerce
        .number({ error: 'expected a port number' })
        .int('expected an integer port')
        .min(1, 'expected a port between 1 and 65535')
        .max(65535, 'expected a port between 1 and 65535')
        .default(defaultPort),
    ),
  optionalString: z.preprocess(emptyToUndefined, z.string().optional()),
  logLevel: z.preprocess(emptyToUndefined, z.enum(LOG_LEVELS, { error: `expected one of ${LOG_LEVELS.join(', ')}` }).default('info')),
  internalSecret: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .optional()
      .transform((value, ctx) => {
        if (value === undefined) {
          if (!isProduction()) return DEV_INTERNAL_SECRET;
          ctx.addIssue({ code: 'custom', message: 'required in production (at least 32 characters)' });
          return z.NEVER;
        }
        if (value.length < 32) {
          ctx.addIssue({ code: 'custom', message: 'must be at least 32 characters' });
          return z.NEVER;
        }
        if (value === DEV_INTERNAL_SECRET && isProduction()) {
          ctx.addIssue({ code: 'custom', message: 'the development default is not allowed in production' });
          return z.NEVER;
        }
        return value;
      }),
  ),
  optionalUrl: z.preprocess(emptyToUndefined, z.url({ error: 'expected a URL' }).optional()),
  flag: (defaultValue) =>
    z.preprocess(
      emptyToUndefined,
      z
        .string()
        .optional()
        .transform((value, ctx) => {
          if (value === undefined) return defaultValue;
          const word = value.trim().toLowerCase();
          if (TRUE_WORDS.has(word)) return true;
          if (FALSE_WORDS.has(word)) return false;
          ctx.addIssue({ code: 'custom', message: 'expected true or false' });
          return z.NEVER;
        }),
    ),
  rateLimits: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .optional()
      .transform((value, ctx) => {
        const word = (value ?? 'on').trim().toLowerCase();
        if (word === 'on') return true;
        if (word !== 'off') {
          ctx.addIssue({ code: 'custom', message: 'expected on or off' });
          return z.NEVER;
        }
        if (isProduction()) {
          ctx.addIssue({ code: 'custom', message: 'rate limits cannot be turned off in production' });
          return z.NEVER;
        }
        return false;
      }),
  ),
};

/** One line, one entry per bad variable (first problem only), values never echoed. */
export function formatConfigError(error: z.ZodError): string {
  const byVariable = new Map<string, string>();
  for (const issue of error.issues) {
    const name = issue.path.length > 0 ? issue.path.map(String).join('.') : '(env)';
    if (!byVariable.has(name)) byVariable.set(name, issue.message.replace(/\s+/g, ' '));
  }
  return `config: ${[...byVariable].map(([name, message]) => `${name}: ${message}`).join('; ')}`;
}

/**
 * Parses env once with zod. On failure prints ONE line (`config: IDENTITY_PORT: expected number`)
 * to stderr and exits with code 78 (EX_CONFIG).
 */
export function loadConfig<S extends z.ZodType>(schema: S, source: NodeJS.ProcessEnv = process.env): z.infer<S> {
  parsingEnv = source;
  let result: ReturnType<S['safeParse']>;
  try {
    result = schema.safeParse(source) as ReturnType<S['safeParse']>;
  } finally {
    parsingEnv = undefined;
  }
  if (result.success) return result.data as z.infer<S>;
  process.stderr.write(`${formatConfigError(result.error)}\n`);
  return process.exit(CONFIG_EXIT_CODE);
}

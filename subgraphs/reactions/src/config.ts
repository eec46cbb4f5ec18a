import { env } from '@agora/service-kit';
import { z } from 'zod';

/** Reactions' environment (names shared with docker-compose and the dev stack). */
export const configSchema = z
  .object({
    REACTIONS_PORT: env.port(4006),
    HOST: z.string().min(1).default('127.0.0.1'),
    /** Postgres when set; otherwise embedded PGlite in `<DATA_DIR>/reactions`. */
    REACTIONS_DATABASE_URL: env.optionalUrl,
    DATA_DIR: z.string().min(1).default('.data'),
    NATS_URL: z.string().min(1).default('nats://127.0.0.1:4222'),
    LOG_LEVEL: env.logLevel,
    AGORA_INTERNAL_SECRET: env.internalSecret,
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  })
  .transform((raw) => ({
    port: raw.REACTIONS_PORT,
    host: raw.HOST,
    databaseUrl: raw.REACTIONS_DATABASE_URL,
    dataDir: raw.DATA_DIR,
    natsUrl: raw.NATS_URL,
    logLevel: raw.LOG_LEVEL,
    internalSecret: raw.AGORA_INTERNAL_SECRET,
    nodeEnv: raw.NODE_ENV,
  }));

export type ReactionsConfig = z.output<typeof configSchema>;

import { env } from '@agora/service-kit';
import { z } from 'zod';

/** Feed's environment (names shared with docker-compose and the dev stack). */
export const configSchema = z
  .object({
    FEED_PORT: env.port(4008),
    HOST: z.string().min(1).default('127.0.0.1'),
    /** Postgres when set; otherwise embedded PGlite in `<DATA_DIR>/feed`. */
    FEED_DATABASE_URL: env.optionalUrl,
    DATA_DIR: z.string().min(1).default('.data'),
    NATS_URL: z.string().min(1).default('nats://127.0.0.1:4222'),
    LOG_LEVEL: env.logLevel,
    AGORA_INTERNAL_SECRET: env.internalSecret,
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    /**
     * How far back a new follow fills the follower's timeline with the followee's posts, in whole
     * days (posts published at most this long before the follow was made). Part of the read
     * model's rule: the live model and a rebuild must use the same value.
     */
    FEED_BACKFILL_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
  })
  .transform((raw) => ({
    port: raw.FEED_PORT,
    host: raw.HOST,
    databaseUrl: raw.FEED_DATABASE_URL,
    dataDir: raw.DATA_DIR,
    natsUrl: raw.NATS_URL,
    logLevel: raw.LOG_LEVEL,
    internalSecret: raw.AGORA_INTERNAL_SECRET,
    nodeEnv: raw.NODE_ENV,
    backfillDays: raw.FEED_BACKFILL_DAYS,
  }));

export type FeedConfig = z.output<typeof configSchema>;

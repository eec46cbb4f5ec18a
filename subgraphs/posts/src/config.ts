import { join } from 'node:path';
import { z } from 'zod';
import { env } from '@agora/service-kit';

/** Environment of the posts subgraph (names shared with docker-compose and the dev stack). */
export const postsEnvSchema = z
  .object({
    POSTS_PORT: env.port(4003),
    HOST: z.string().min(1).default('127.0.0.1'),
    /** Postgres when set; otherwise embedded PGlite in `<DATA_DIR>/posts`. */
    POSTS_DATABASE_URL: env.optionalUrl,
    DATA_DIR: z.string().min(1).default('.data'),
    NATS_URL: z.string().min(1).default('nats://127.0.0.1:4222'),
    LOG_LEVEL: env.logLevel,
    AGORA_INTERNAL_SECRET: env.internalSecret,
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  })
  .transform((e) => ({
    port: e.POSTS_PORT,
    host: e.HOST,
    databaseUrl: e.POSTS_DATABASE_URL,
    pgliteDir: join(e.DATA_DIR, 'posts'),
    natsUrl: e.NATS_URL,
    logLevel: e.LOG_LEVEL,
    internalSecret: e.AGORA_INTERNAL_SECRET,
    nodeEnv: e.NODE_ENV,
  }));

export type PostsConfig = z.output<typeof postsEnvSchema>;

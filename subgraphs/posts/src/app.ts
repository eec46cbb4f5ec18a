import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'graphql';
import { STREAMS } from '@agora/events';
import {
  contextUnitOfWork,
  createCommandPipeline,
  databaseFor,
  startContext,
  systemClock,
  uuidV7,
  type Clock,
  type IdGenerator,
  type RunningContext,
  type RuntimeOverrides,
} from '@agora/context-runtime';
import { audienceReplicaConsumers } from '@agora/audience';
import type { PostsConfig } from './config';
import type { PostsContext } from './graphql/context';
import { createLoaders } from './graphql/loaders';
import { resolvers } from './graphql/resolvers';
import { postsScope } from './infrastructure/posts-scope';
import { PrismaPostQueries } from './infrastructure/prisma-post.queries';
import { PrismaClient } from './infrastructure/prisma/__generated__/client';

const MIGRATIONS_DIR = fileURLToPath(new URL('../prisma/migrations', import.meta.url));
const SCHEMA_FILE = new URL('./graphql/schema.graphql', import.meta.url);

/** What tests (and only tests) change when running the service in-process. */
export interface PostsOverrides extends RuntimeOverrides {
  clock?: Clock;
  ids?: IdGenerator;
}

export type RunningPosts = RunningContext<PrismaClient>;

/**
 * Starts posts (database → Prisma → NATS → relay → social-replica consumers → server, see
 * @agora/context-runtime). Commands run through the command pipeline, one transaction each over
 * the event-store scope (stream + read table + outbox).
 */
export async function startPosts(config: PostsConfig, overrides: PostsOverrides = {}): Promise<RunningPosts> {
  const { clock = systemClock, ids = uuidV7, ...runtime } = overrides;
  return startContext<PrismaClient, PostsContext>(
    {
      name: 'posts',
      migrationsDir: MIGRATIONS_DIR,
      createPrisma: (adapter, options) => new PrismaClient({ adapter, ...options }),
      // POSTS is published to; SOCIAL is consumed (the visibility replica).
      streams: [STREAMS.POSTS, STREAMS.SOCIAL],
      compose: (infrastructure) => {
        const unitOfWork = contextUnitOfWork(infrastructure, postsScope);
        const commands = createCommandPipeline({ context: 'POSTS', unitOfWork, clock, ids });
        const queries = new PrismaPostQueries(infrastructure.prisma);
        return {
          handlers: audienceReplicaConsumers(infrastructure.prisma, { socialFacts: true, postFacts: false }),
          typeDefs: parse(readFileSync(SCHEMA_FILE, 'utf8')),
          resolvers,
          createContext: (base) => ({ ...base, commands, queries, loaders: createLoaders(queries, base.viewer) }),
        };
      },
    },
    { ...config, database: databaseFor('posts', config) },
    runtime,
  );
}

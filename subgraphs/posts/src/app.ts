import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'graphql';
import { STREAMS, newEventId } from '@agora/events';
import { databaseFor, startContext, type RunningContext, type RuntimeOverrides } from '@agora/context-runtime';
import { ChangePostVisibilityHandler } from './application/change-post-visibility/change-post-visibility.handler';
import { DeletePostHandler } from './application/delete-post/delete-post.handler';
import { EditPostHandler } from './application/edit-post/edit-post.handler';
import { PublishPostHandler } from './application/publish-post/publish-post.handler';
import { SetPostCommentsDisabledHandler } from './application/set-post-comments-disabled/set-post-comments-disabled.handler';
import type { Clock, IdGenerator } from './application/ports';
import type { PostsConfig } from './config';
import type { PostCommands, PostsContext } from './graphql/context';
import { createLoaders } from './graphql/loaders';
import { resolvers } from './graphql/resolvers';
import { PrismaPostQueries } from './infrastructure/prisma-post.queries';
import { PrismaPostRepository } from './infrastructure/prisma-post.repository';
import { PrismaSocialFacts } from './infrastructure/prisma-social-facts';
import { audienceReplicaConsumers } from '@agora/audience';
import { PrismaClient } from './infrastructure/prisma/__generated__/client';

const MIGRATIONS_DIR = fileURLToPath(new URL('../prisma/migrations', import.meta.url));
const SCHEMA_FILE = new URL('./graphql/schema.graphql', import.meta.url);

/** Test seams; production passes at most a logger. */
export interface PostsOverrides extends RuntimeOverrides {
  clock?: Clock;
  ids?: IdGenerator;
}

export type RunningPosts = RunningContext<PrismaClient>;

/**
 * Starts posts (database → Prisma → NATS → relay → social-replica consumers → server, see
 * @agora/context-runtime).
 */
export async function startPosts(config: PostsConfig, overrides: PostsOverrides = {}): Promise<RunningPosts> {
  const { clock = { now: () => new Date() }, ids = { next: newEventId }, ...runtime } = overrides;
  return startContext<PrismaClient, PostsContext>(
    {
      name: 'posts',
      migrationsDir: MIGRATIONS_DIR,
      createPrisma: (adapter, options) => new PrismaClient({ adapter, ...options }),
      // POSTS is published to; SOCIAL is consumed (the visibility replica).
      streams: [STREAMS.POSTS, STREAMS.SOCIAL],
      compose: ({ prisma, relay }) => {
        const repository = new PrismaPostRepository(prisma, () => relay.wake());
        const socialFacts = new PrismaSocialFacts(prisma);
        const commands: PostCommands = {
          publishPost: new PublishPostHandler(repository, clock, ids),
          editPost: new EditPostHandler(repository, socialFacts, clock),
          deletePost: new DeletePostHandler(repository, socialFacts, clock),
          changePostVisibility: new ChangePostVisibilityHandler(repository, socialFacts, clock),
          setPostCommentsDisabled: new SetPostCommentsDisabledHandler(repository, socialFacts, clock),
        };
        const queries = new PrismaPostQueries(prisma);
        return {
          handlers: audienceReplicaConsumers(prisma, { socialFacts: true, postFacts: false }),
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

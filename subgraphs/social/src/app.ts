import { fileURLToPath } from 'node:url';
import { STREAMS } from '@agora/events';
import {
  contextUnitOfWork,
  createCommandPipeline,
  databaseFor,
  eventHandlers,
  startContext,
  systemClock,
  uuidV7,
  type Clock,
  type RunningContext,
  type RuntimeOverrides,
} from '@agora/context-runtime';
import { recordAccountOnAccountRegistered } from './application/record-account-on-account-registered/record-account-on-account-registered.handler';
import type { SocialConfig } from './config';
import type { SocialContext } from './graphql/context';
import { createLoaders } from './graphql/loaders';
import { resolvers } from './graphql/resolvers';
import { typeDefs } from './graphql/type-defs';
import { PrismaClient } from './infrastructure/prisma/__generated__/client';
import { PrismaSocialQueries } from './infrastructure/prisma-social.queries';
import { socialScope } from './infrastructure/social-scope';

const MIGRATIONS_DIR = fileURLToPath(new URL('../prisma/migrations', import.meta.url));

/** What tests (and only tests) change when running the service in-process. */
export interface SocialOverrides extends RuntimeOverrides {
  clock?: Clock;
}

export type RunningSocial = RunningContext<PrismaClient>;

/**
 * Starts the social subgraph (database → Prisma → NATS → relay → consumers → server, see
 * @agora/context-runtime). IDENTITY is ensured too so social can start before identity.
 */
export async function startSocial(config: SocialConfig, overrides: SocialOverrides = {}): Promise<RunningSocial> {
  const { clock = systemClock, ...runtime } = overrides;
  return startContext<PrismaClient, SocialContext>(
    {
      name: 'social',
      migrationsDir: MIGRATIONS_DIR,
      createPrisma: (adapter, options) => new PrismaClient({ adapter, ...options }),
      streams: [STREAMS.SOCIAL, STREAMS.IDENTITY],
      compose: (infrastructure) => {
        const unitOfWork = contextUnitOfWork(infrastructure, socialScope);
        const commands = createCommandPipeline({ context: 'SOCIAL', unitOfWork, clock, ids: uuidV7 });
        const queries = new PrismaSocialQueries(infrastructure.prisma);
        return {
          handlers: eventHandlers(unitOfWork, [recordAccountOnAccountRegistered], { clock }),
          typeDefs,
          resolvers,
          createContext: (base) => ({ ...base, commands, queries, loaders: createLoaders(queries, base.viewer?.userId ?? null) }),
        };
      },
    },
    { ...config, database: databaseFor('social', config) },
    runtime,
  );
}

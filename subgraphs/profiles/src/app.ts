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
import { createProfileOnAccountRegistered } from './application/create-profile-on-account-registered/create-profile-on-account-registered.handler';
import { retryingOnConflict } from './application/retry-on-conflict';
import type { ProfilesConfig } from './config';
import type { ProfilesContext } from './graphql/context';
import { createLoaders } from './graphql/loaders';
import { resolvers } from './graphql/resolvers';
import { typeDefs } from './graphql/type-defs';
import { PrismaClient } from './infrastructure/prisma/__generated__/client';
import { PrismaProfileReader } from './infrastructure/prisma-profile.reader';
import { profilesScope } from './infrastructure/profiles-scope';

const MIGRATIONS_DIR = fileURLToPath(new URL('../prisma/migrations', import.meta.url));

/** What tests (and only tests) change when running the service in-process. */
export interface ProfilesOverrides extends RuntimeOverrides {
  clock?: Clock;
}

export type RunningProfiles = RunningContext<PrismaClient>;

/**
 * Starts the profiles subgraph (database → Prisma → NATS → relay → consumers → server, see
 * @agora/context-runtime). IDENTITY is ensured too so profiles can start before identity.
 */
export async function startProfiles(config: ProfilesConfig, overrides: ProfilesOverrides = {}): Promise<RunningProfiles> {
  const { clock = systemClock, ...runtime } = overrides;
  return startContext<PrismaClient, ProfilesContext>(
    {
      name: 'profiles',
      migrationsDir: MIGRATIONS_DIR,
      createPrisma: (adapter, options) => new PrismaClient({ adapter, ...options }),
      streams: [STREAMS.PROFILES, STREAMS.IDENTITY],
      compose: (infrastructure) => {
        // The command and the consumer both re-run a transaction that lost a race on a profile.
        const unitOfWork = retryingOnConflict(contextUnitOfWork(infrastructure, profilesScope));
        const commands = createCommandPipeline({ context: 'PROFILES', unitOfWork, clock, ids: uuidV7 });
        const reader = new PrismaProfileReader(infrastructure.prisma);
        return {
          handlers: eventHandlers(unitOfWork, [createProfileOnAccountRegistered], { clock }),
          typeDefs,
          resolvers,
          createContext: (base) => ({ ...base, commands, loaders: createLoaders(reader) }),
        };
      },
    },
    { ...config, database: databaseFor('profiles', config) },
    runtime,
  );
}

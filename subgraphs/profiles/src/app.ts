import { fileURLToPath } from 'node:url';
import { STREAMS } from '@agora/events';
import { databaseFor, startContext, type RunningContext, type RuntimeOverrides } from '@agora/context-runtime';
import { CreateProfileOnAccountRegisteredHandler } from './application/create-profile-on-account-registered/create-profile-on-account-registered.handler';
import { systemClock, type Clock } from './application/ports';
import { UpdateProfileHandler } from './application/update-profile/update-profile.handler';
import type { ProfilesConfig } from './config';
import type { ProfilesContext } from './graphql/context';
import { createLoaders } from './graphql/loaders';
import { resolvers } from './graphql/resolvers';
import { typeDefs } from './graphql/type-defs';
import { createProfileOnAccountRegistered } from './infrastructure/messaging/create-profile-on-account-registered.consumer';
import { PrismaClient } from './infrastructure/prisma/__generated__/client';
import { PrismaProfileReader } from './infrastructure/prisma-profile.reader';
import { PrismaUnitOfWork } from './infrastructure/prisma-unit-of-work';

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
  const clock = overrides.clock ?? systemClock;
  return startContext<PrismaClient, ProfilesContext>(
    {
      name: 'profiles',
      migrationsDir: MIGRATIONS_DIR,
      createPrisma: (adapter) => new PrismaClient({ adapter }),
      streams: [STREAMS.PROFILES, STREAMS.IDENTITY],
      compose: ({ prisma, relay }) => {
        const unitOfWork = new PrismaUnitOfWork(prisma, () => relay.wake());
        const reader = new PrismaProfileReader(prisma);
        const updateProfile = new UpdateProfileHandler({ unitOfWork, clock });
        return {
          handlers: [createProfileOnAccountRegistered(new CreateProfileOnAccountRegisteredHandler({ unitOfWork, clock }))],
          typeDefs,
          resolvers,
          createContext: (base) => ({ ...base, loaders: createLoaders(reader), useCases: { updateProfile } }),
        };
      },
    },
    { ...config, database: databaseFor('profiles', config) },
    overrides,
  );
}

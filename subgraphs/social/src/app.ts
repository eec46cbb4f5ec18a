import { fileURLToPath } from 'node:url';
import { newEventId, STREAMS } from '@agora/events';
import { databaseFor, startContext, type RunningContext, type RuntimeOverrides } from '@agora/context-runtime';
import { AddToCircleHandler } from './application/add-to-circle/add-to-circle.handler';
import { BlockUserHandler } from './application/block-user/block-user.handler';
import { CreateCircleHandler } from './application/create-circle/create-circle.handler';
import { DeleteCircleHandler } from './application/delete-circle/delete-circle.handler';
import { FollowUserHandler } from './application/follow-user/follow-user.handler';
import { systemClock, type Clock, type IdGenerator } from './application/ports';
import { RecordAccountOnAccountRegisteredHandler } from './application/record-account-on-account-registered/record-account-on-account-registered.handler';
import { RemoveFromCircleHandler } from './application/remove-from-circle/remove-from-circle.handler';
import { RenameCircleHandler } from './application/rename-circle/rename-circle.handler';
import { UnblockUserHandler } from './application/unblock-user/unblock-user.handler';
import { UnfollowUserHandler } from './application/unfollow-user/unfollow-user.handler';
import type { SocialConfig } from './config';
import type { SocialCommands, SocialContext } from './graphql/context';
import { createLoaders } from './graphql/loaders';
import { resolvers } from './graphql/resolvers';
import { typeDefs } from './graphql/type-defs';
import { recordAccountOnAccountRegistered } from './infrastructure/messaging/record-account-on-account-registered.consumer';
import { PrismaClient } from './infrastructure/prisma/__generated__/client';
import { PrismaSocialQueries } from './infrastructure/prisma-social.queries';
import { PrismaUnitOfWork } from './infrastructure/prisma-unit-of-work';

const MIGRATIONS_DIR = fileURLToPath(new URL('../prisma/migrations', import.meta.url));
const uuidV7: IdGenerator = { newId: newEventId };

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
  const clock = overrides.clock ?? systemClock;
  return startContext<PrismaClient, SocialContext>(
    {
      name: 'social',
      migrationsDir: MIGRATIONS_DIR,
      createPrisma: (adapter) => new PrismaClient({ adapter }),
      streams: [STREAMS.SOCIAL, STREAMS.IDENTITY],
      compose: ({ prisma, relay }) => {
        const unitOfWork = new PrismaUnitOfWork(prisma, () => relay.wake());
        const deps = { unitOfWork, clock };
        const commands: SocialCommands = {
          follow: new FollowUserHandler(deps),
          unfollow: new UnfollowUserHandler(deps),
          block: new BlockUserHandler(deps),
          unblock: new UnblockUserHandler(deps),
          createCircle: new CreateCircleHandler({ ...deps, ids: uuidV7 }),
          renameCircle: new RenameCircleHandler(deps),
          deleteCircle: new DeleteCircleHandler(deps),
          addToCircle: new AddToCircleHandler(deps),
          removeFromCircle: new RemoveFromCircleHandler(deps),
        };
        const queries = new PrismaSocialQueries(prisma);
        return {
          handlers: [recordAccountOnAccountRegistered(new RecordAccountOnAccountRegisteredHandler({ unitOfWork, clock }))],
          typeDefs,
          resolvers,
          createContext: (base) => ({ ...base, commands, queries, loaders: createLoaders(queries, base.viewer?.userId ?? null) }),
        };
      },
    },
    { ...config, database: databaseFor('social', config) },
    overrides,
  );
}

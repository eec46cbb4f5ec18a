import { defineBoundedContext, type ContextOverrides, type RunningContext } from '@agora/context-runtime';
import { STREAMS } from '@agora/events';
import { createProfileOnAccountRegistered } from './application/create-profile-on-account-registered/create-profile-on-account-registered.handler';
import { retryingOnConflict } from './application/retry-on-conflict';
import type { ProfilesContext } from './graphql/context';
import { createLoaders } from './graphql/loaders';
import { resolvers } from './graphql/resolvers';
import { typeDefs } from './graphql/type-defs';
import { PrismaClient } from './infrastructure/prisma/__generated__/client';
import { PrismaProfileReader } from './infrastructure/prisma-profile.reader';
import { profilesScope } from './infrastructure/profiles-scope';

export type ProfilesOverrides = ContextOverrides;
export type RunningProfiles = RunningContext<PrismaClient>;

/**
 * The profiles subgraph (database → Prisma → NATS → relay → consumers → server, see
 * @agora/context-runtime). IDENTITY is ensured too so profiles can start before identity.
 */
export const startProfiles = defineBoundedContext({
  name: 'profiles',
  appUrl: import.meta.url,
  createPrisma: (adapter, options) => new PrismaClient({ adapter, ...options }),
  streams: [STREAMS.PROFILES, STREAMS.IDENTITY],
  scope: profilesScope,
  // The command and the consumer both re-run a transaction that lost a race on a profile.
  wrapUnitOfWork: retryingOnConflict,
  consumers: [createProfileOnAccountRegistered],
  typeDefs,
  resolvers,
  requestContext: ({ prisma, commands }) => {
    const reader = new PrismaProfileReader(prisma);
    return (base): ProfilesContext => ({ ...base, commands, loaders: createLoaders(reader) });
  },
});

import { defineBoundedContext, type ContextOverrides, type RunningContext } from '@agora/context-runtime';
import { STREAMS } from '@agora/events';
import { createProfileOnAccountRegistered } from './application/create-profile-on-account-registered/create-profile-on-account-registered.handler';
import { recordProfileImageOnProfileImageChanged } from './application/record-profile-image-on-profile-image-changed/record-profile-image-on-profile-image-changed.handler';
import { retryingOnConflict } from './application/retry-on-conflict';
import type { ProfilesConfig } from './config';
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
 * @agora/context-runtime). IDENTITY is ensured too so profiles can start before identity, and
 * MEDIA, whose profile image events feed the replica behind the deprecated `avatarUrl`.
 */
export function startProfiles(config: ProfilesConfig, overrides: ProfilesOverrides = {}): Promise<RunningProfiles> {
  const start = defineBoundedContext({
    name: 'profiles',
    appUrl: import.meta.url,
    createPrisma: (adapter, options) => new PrismaClient({ adapter, ...options }),
    streams: [STREAMS.PROFILES, STREAMS.IDENTITY, STREAMS.MEDIA],
    scope: profilesScope,
    // The command and the consumers all re-run a transaction that lost a race on a profile.
    wrapUnitOfWork: retryingOnConflict,
    consumers: [createProfileOnAccountRegistered, recordProfileImageOnProfileImageChanged],
    typeDefs,
    resolvers,
    requestContext: ({ prisma, commands }) => {
      const reader = new PrismaProfileReader(prisma);
      return (base): ProfilesContext => ({ ...base, commands, loaders: createLoaders(reader), mediaPublicUrl: config.mediaPublicUrl });
    },
  });
  return start(config, overrides);
}

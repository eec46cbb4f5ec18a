import { defineBoundedContext, type ContextOverrides, type RunningContext } from '@agora/context-runtime';
import { STREAMS } from '@agora/events';
import { recordAccountOnAccountRegistered } from './application/record-account-on-account-registered/record-account-on-account-registered.handler';
import type { SocialContext } from './graphql/context';
import { createLoaders } from './graphql/loaders';
import { resolvers } from './graphql/resolvers';
import { typeDefs } from './graphql/type-defs';
import { PrismaClient } from './infrastructure/prisma/__generated__/client';
import { PrismaSocialQueries } from './infrastructure/prisma-social.queries';
import { socialScope } from './infrastructure/social-scope';

export type SocialOverrides = ContextOverrides;
export type RunningSocial = RunningContext<PrismaClient>;

/**
 * The social subgraph (database → Prisma → NATS → relay → consumers → server, see
 * @agora/context-runtime). IDENTITY is ensured too so social can start before identity.
 */
export const startSocial = defineBoundedContext({
  name: 'social',
  appUrl: import.meta.url,
  createPrisma: (adapter, options) => new PrismaClient({ adapter, ...options }),
  streams: [STREAMS.SOCIAL, STREAMS.IDENTITY],
  scope: socialScope,
  consumers: [recordAccountOnAccountRegistered],
  typeDefs,
  resolvers,
  requestContext: ({ prisma, commands }) => {
    const queries = new PrismaSocialQueries(prisma);
    return (base): SocialContext => ({ ...base, commands, queries, loaders: createLoaders(queries, base.viewer?.userId ?? null) });
  },
});

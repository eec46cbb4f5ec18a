import { defineBoundedContext, type ContextOverrides, type RunningContext } from '@agora/context-runtime';
import type { MediaContext } from './graphql/context';
import { resolvers } from './graphql/resolvers';
import { typeDefs } from './graphql/type-defs';
import { PrismaClient } from './infrastructure/prisma/__generated__/client';
import { mediaScope } from './infrastructure/media-scope';

export type MediaOverrides = ContextOverrides;
export type RunningMedia = RunningContext<PrismaClient>;

/** The media subgraph (database → Prisma → NATS → relay → consumers → server, see @agora/context-runtime). */
export const startMedia = defineBoundedContext({
  name: 'media',
  appUrl: import.meta.url,
  createPrisma: (adapter, options) => new PrismaClient({ adapter, ...options }),
  // The streams this context publishes to and consumes from (add its own to @agora/events' STREAMS first).
  streams: [],
  scope: mediaScope,
  // Consumers declared with defineConsumer in src/application/, each run once per event through the inbox.
  consumers: [],
  typeDefs,
  resolvers,
  // Built once per process (queries, adapters); returns the per-request context (add DataLoaders here).
  requestContext:
    ({ commands }) =>
    (base): MediaContext => ({ ...base, commands }),
});

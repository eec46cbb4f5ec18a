import { audienceReplicaConsumers } from '@agora/audience';
import { defineBoundedContext, type ContextOverrides, type RunningContext } from '@agora/context-runtime';
import { STREAMS } from '@agora/events';
import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { recordMediaDeletionOnMediaItemDeleted } from './application/record-media-deletion-on-media-item-deleted/record-media-deletion-on-media-item-deleted.handler';
import { recordMediaOnMediaItemReady } from './application/record-media-on-media-item-ready/record-media-on-media-item-ready.handler';
import { removePostOnContentRemoved } from './application/remove-post-on-content-removed/remove-post-on-content-removed.handler';
import { restorePostOnContentRestored } from './application/restore-post-on-content-restored/restore-post-on-content-restored.handler';
import type { PostsContext } from './graphql/context';
import { createLoaders } from './graphql/loaders';
import { resolvers } from './graphql/resolvers';
import { postsScope } from './infrastructure/posts-scope';
import { PrismaPostQueries } from './infrastructure/prisma-post.queries';
import { PrismaClient } from './infrastructure/prisma/__generated__/client';

const SCHEMA_FILE = new URL('./graphql/schema.graphql', import.meta.url);

/** What tests (and only tests) change when running the service in-process: the clock, the id generator, the database. */
export type PostsOverrides = ContextOverrides;
export type RunningPosts = RunningContext<PrismaClient>;

/**
 * Posts (database → Prisma → NATS → relay → social-replica consumers → server, see
 * @agora/context-runtime). Commands run through the command pipeline, one transaction each over
 * the event-store scope (stream + read table + outbox). POSTS is published to; SOCIAL (the
 * visibility replica), MEDIA (which items an author may attach) and MODERATION (removals and
 * restorations, recorded in the posts' streams) are consumed.
 */
export const startPosts = defineBoundedContext({
  name: 'posts',
  appUrl: import.meta.url,
  createPrisma: (adapter, options) => new PrismaClient({ adapter, ...options }),
  streams: [STREAMS.POSTS, STREAMS.SOCIAL, STREAMS.MEDIA, STREAMS.MODERATION],
  scope: postsScope,
  consumers: [recordMediaOnMediaItemReady, recordMediaDeletionOnMediaItemDeleted, removePostOnContentRemoved, restorePostOnContentRestored],
  moreHandlers: (prisma) => audienceReplicaConsumers(prisma, { socialFacts: true, postFacts: false }),
  typeDefs: parse(readFileSync(SCHEMA_FILE, 'utf8')),
  resolvers,
  requestContext: ({ prisma, commands }) => {
    const queries = new PrismaPostQueries(prisma);
    return (base): PostsContext => ({ ...base, commands, queries, loaders: createLoaders(queries, base.viewer) });
  },
});

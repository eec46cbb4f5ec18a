import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { STREAMS, type EventEnvelope } from '@agora/events';
import { connectNats } from '@agora/messaging';
import { countStatements, openDatabase, type StatementCounter } from '@agora/prisma-kit';
import { createLogger, IDENTITY_HEADER, signIdentityHeader, type Viewer } from '@agora/service-kit';
import { createTestDatabase, gql, publishEnvelope, startNats, waitFor, type GraphQLResponse, type NatsServer } from '@agora/testing';
import { createFeedPrisma, MIGRATIONS_DIR, startFeed, type RunningFeed } from '../../src/app';
import { configSchema, type FeedConfig } from '../../src/config';
import type { PrismaClient } from '../../src/infrastructure/prisma/__generated__/client';

export const SECRET = 'feed-integration-tests-internal-secret-0123456789';

/** Quiet logs unless a test run asks for them (`TEST_LOG_LEVEL=debug`). */
export const testLogger = () => createLogger('feed-test', process.env.TEST_LOG_LEVEL ?? 'silent');

/** The feed's config as main.ts would parse it, on a free port. */
export function testConfig(env: Record<string, string>): FeedConfig {
  return { ...configSchema.parse({ AGORA_INTERNAL_SECRET: SECRET, LOG_LEVEL: 'silent', NODE_ENV: 'test', ...env }), port: 0 };
}

/** A database the test owns besides the feed's (to rebuild into), migrated, with a client. */
export interface SpareDatabase {
  prisma: PrismaClient;
  close(): Promise<void>;
}

export interface FeedHarness {
  app: RunningFeed;
  config: FeedConfig;
  backend: 'pglite' | 'postgres';
  /** Statements sent to the feed's database since the last `reset()`. */
  statements: StatementCounter;
  /** The test's own NATS connection, playing social, posts and moderation. */
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  /** A GraphQL request, signed in as `viewer` when given (the gateway's signed identity header). */
  request<D = any>(query: string, variables?: Record<string, unknown>, viewer?: Viewer | null): Promise<GraphQLResponse<D>>;
  /** Publishes as the producer's relay does: subject = type, msgID = event id (another msgID = a redelivery JetStream does not deduplicate). */
  publish(envelope: EventEnvelope<any>, msgID?: string): Promise<void>;
  /** Resolves once every feed consumer has handled everything in its stream (nothing pending, nothing unacknowledged). */
  settled(): Promise<void>;
  /** A fresh, migrated database on the same backend. */
  spareDatabase(): Promise<SpareDatabase>;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  /** Postgres instead of PGlite in memory. */
  postgres?: boolean;
  env?: Record<string, string>;
  /** The relay's poll interval; statement-count tests turn polling off. */
  relayPollMs?: number;
}

/** Runs the feed in-process (statements counted) with its own NATS and database. */
export async function startHarness(options: HarnessOptions = {}): Promise<FeedHarness> {
  const nats: NatsServer = await startNats();
  const database = options.postgres ? await createTestDatabase('feed') : undefined;
  const cleanup = async () => {
    await database?.drop();
    await nats.stop();
  };
  let statements: StatementCounter | undefined;
  const config = testConfig({ NATS_URL: nats.url, ...(database ? { FEED_DATABASE_URL: database.url } : {}), ...options.env });
  let app: RunningFeed;
  try {
    app = await startFeed(config, {
      logger: testLogger(),
      ...(database ? {} : { database: { memory: true } }),
      wrapAdapter: (adapter) => (statements = countStatements(adapter)).adapter,
      consumers: { backoffMs: [50, 100, 200] },
      relay: { pollIntervalMs: options.relayPollMs ?? 1_000 },
    });
  } catch (error) {
    await cleanup();
    throw error;
  }
  const nc = await connectNats({ servers: nats.url, name: 'feed-test', logger: testLogger() });
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  const spares: SpareDatabase[] = [];

  return {
    app,
    config,
    backend: database ? 'postgres' : 'pglite',
    statements: statements!,
    nc,
    js,
    jsm,
    async request(query, variables, viewer) {
      const headers: Record<string, string> = viewer ? { [IDENTITY_HEADER]: await signIdentityHeader(viewer, SECRET) } : {};
      return gql(app.url, query, variables, { headers });
    },
    async publish(envelope, msgID = envelope.id) {
      await publishEnvelope(js, envelope, msgID);
    },
    async settled() {
      await waitFor(
        async () => {
          for (const stream of [STREAMS.SOCIAL.name, STREAMS.POSTS.name, STREAMS.MODERATION.name]) {
            for await (const info of jsm.consumers.list(stream)) {
              if (!info.name.startsWith('feed--')) continue;
              if (info.num_pending > 0 || info.num_ack_pending > 0) return false;
            }
          }
          return true;
        },
        { timeoutMs: 60_000, message: 'feed consumers settled' },
      );
    },
    async spareDatabase() {
      const spare = options.postgres ? await createTestDatabase('feed_spare') : undefined;
      const db = await openDatabase(spare ? { url: spare.url } : { memory: true });
      await db.migrate(MIGRATIONS_DIR);
      const prisma = createFeedPrisma(db.adapter);
      const handle: SpareDatabase = {
        prisma,
        async close() {
          await prisma.$disconnect();
          await db.close();
          await spare?.drop();
        },
      };
      spares.push(handle);
      return handle;
    },
    async stop() {
      for (const spare of spares.splice(0)) await spare.close().catch(() => undefined);
      await nc.drain();
      await app.stop();
      await cleanup();
    },
  };
}

export const FEED = /* GraphQL */ `
  query ($first: Int, $after: String) {
    feed(first: $first, after: $after) {
      edges { cursor node { id } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }
`;

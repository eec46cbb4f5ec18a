import { newEventId, type EventEnvelope } from '@agora/events';
import { connectNats } from '@agora/messaging';
import { countStatements, type StatementCounter } from '@agora/prisma-kit';
import { createLogger, IDENTITY_HEADER, signIdentityHeader, type Viewer } from '@agora/service-kit';
import { createTestDatabase, gql, publishEnvelope, startNats, waitFor, type GraphQLResponse, type NatsServer } from '@agora/testing';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { startNotifications, type NotificationsOverrides, type RunningNotifications } from '../../src/app';
import { configSchema, type NotificationsConfig } from '../../src/config';
import type { Person } from '../../src/application/testing/events.mother';

export const SECRET = 'notifications-integration-tests-internal-secret-0123456789';
/** AGORA_PUBLIC_URL of the tests: the links in mail point there. */
export const PUBLIC_URL = 'https://agora.test';
const STREAMS = ['SOCIAL', 'POSTS', 'COMMENTS', 'REACTIONS', 'IDENTITY', 'MODERATION'];

/** Quiet logs unless a test run asks for them (`TEST_LOG_LEVEL=debug`). */
export const testLogger = () => createLogger('notifications-test', process.env.TEST_LOG_LEVEL ?? 'silent');

/** Notifications' config as main.ts would parse it, on a free port. */
export function testConfig(env: Record<string, string>): NotificationsConfig {
  return {
    ...configSchema.parse({ AGORA_INTERNAL_SECRET: SECRET, LOG_LEVEL: 'silent', NODE_ENV: 'test', AGORA_PUBLIC_URL: PUBLIC_URL, ...env }),
    port: 0,
  };
}

export async function identityHeaders(viewer: Viewer): Promise<Record<string, string>> {
  return { [IDENTITY_HEADER]: await signIdentityHeader(viewer, SECRET) };
}

export interface Harness {
  app: RunningNotifications;
  /** Statements sent to the database since the last `reset()`. */
  statements: StatementCounter;
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  /** A GraphQL request, signed in as `person` when given (the gateway's signed identity header). */
  request<D = any>(query: string, variables?: Record<string, unknown>, person?: Person | null): Promise<GraphQLResponse<D>>;
  /**
   * Publishes other contexts' events to JetStream as their relays do (subject = type, msgID =
   * event id; `redeliver` uses a new msgID, so JetStream delivers the same event again), then
   * waits until every notifications consumer has processed everything.
   */
  publish(...events: EventEnvelope<any>[]): Promise<void>;
  /** The same event once more, under a new NATS message id (a producer's re-publish after a crash). */
  redeliver(event: EventEnvelope<any>): Promise<void>;
  /** Resolves once every durable consumer has acknowledged every message of the consumed streams. */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

/** Runs notifications in-process (statements counted) plus a NATS client playing the producers. */
export async function startHarness(config: NotificationsConfig, overrides: NotificationsOverrides = {}): Promise<Harness> {
  let statements: StatementCounter | undefined;
  const app = await startNotifications(config, {
    logger: testLogger(),
    wrapAdapter: (adapter) => (statements = countStatements(adapter)).adapter,
    ...overrides,
  });
  const nc = await connectNats({ servers: config.natsUrl, name: 'notifications-test', logger: testLogger() });
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);

  async function settled() {
    await waitFor(
      async () => {
        for (const stream of STREAMS) {
          for await (const info of jsm.consumers.list(stream)) {
            if (info.num_pending > 0 || info.num_ack_pending > 0) return false;
          }
        }
        return true;
      },
      { timeoutMs: 30_000, intervalMs: 25, message: 'notifications consumers settled' },
    );
  }

  return {
    app,
    statements: statements!,
    nc,
    js,
    jsm,
    async request(query, variables, person) {
      const headers = person ? await identityHeaders({ userId: person.userId, username: person.username }) : {};
      return gql(app.url, query, variables, { headers });
    },
    async publish(...events) {
      for (const event of events) await publishEnvelope(js, event);
      await settled();
    },
    async redeliver(event) {
      await publishEnvelope(js, event, newEventId());
      await settled();
    },
    settled,
    async stop() {
      await nc.drain();
      await app.stop();
    },
  };
}

/** A harness per backend; suites run once per backend so both execute the same SQL. */
export type OpenHarness = () => Promise<{ harness: Harness; close(): Promise<void> }>;

export const openPglite: OpenHarness = async () => {
  const nats: NatsServer = await startNats();
  try {
    const harness = await startHarness(testConfig({ NATS_URL: nats.url }), { database: { memory: true } });
    return { harness, close: async () => (await harness.stop(), await nats.stop()) };
  } catch (error) {
    await nats.stop();
    throw error;
  }
};

/** Postgres configured the way production is: NOTIFICATIONS_DATABASE_URL. */
export const openPostgres: OpenHarness = async () => {
  const nats = await startNats();
  const database = await createTestDatabase('notifications');
  try {
    const harness = await startHarness(testConfig({ NATS_URL: nats.url, NOTIFICATIONS_DATABASE_URL: database.url }));
    return {
      harness,
      close: async () => {
        await harness.stop();
        await nats.stop();
        await database.drop();
      },
    };
  } catch (error) {
    await nats.stop();
    await database.drop();
    throw error;
  }
};

import type { EventEnvelope } from '@agora/events';
import { connectNats } from '@agora/messaging';
import { countStatements, type StatementCounter } from '@agora/prisma-kit';
import { createLogger, IDENTITY_HEADER, signIdentityHeader, type Viewer } from '@agora/service-kit';
import { gql, publishEnvelope, waitFor, type GraphQLResponse } from '@agora/testing';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import { startComments, type CommentsOverrides, type RunningComments } from '../../src/app';
import { configSchema, type CommentsConfig } from '../../src/config';

export const SECRET = 'comments-integration-tests-internal-secret-0123456789';

/** Quiet logs unless a test run asks for them (`TEST_LOG_LEVEL=debug`). */
export const testLogger = () => createLogger('comments-test', process.env.TEST_LOG_LEVEL ?? 'silent');

/** Comments' config as main.ts would parse it, on a free port. */
export function testConfig(env: Record<string, string>): CommentsConfig {
  return { ...configSchema.parse({ AGORA_INTERNAL_SECRET: SECRET, LOG_LEVEL: 'silent', NODE_ENV: 'test', ...env }), port: 0 };
}

/** How many of comments' consumers record each event type in the inbox (the post deletion: the replica's and ours). */
const CONSUMERS_PER_TYPE: Record<string, number> = { 'posts.post.deleted.v1': 2 };

export interface Harness {
  app: RunningComments;
  /** Statements sent to the database since the last `reset()`. */
  statements: StatementCounter;
  /** The test's own NATS connection, playing posts and social. */
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  /** A GraphQL request, signed in as `viewer` when given (the gateway's signed identity header). */
  request<D = any>(query: string, variables?: Record<string, unknown>, viewer?: Viewer | null): Promise<GraphQLResponse<D>>;
  /** Publishes other contexts' events as their relays would (msgID = event id), in order, and waits until comments processed them all. */
  deliver(...envelopes: EventEnvelope<any>[]): Promise<void>;
  /** Publishes an event again under a new msgID (a redelivery JetStream cannot deduplicate) and waits until every consumer settled. */
  redeliver(envelope: EventEnvelope<any>): Promise<void>;
  /** Every COMMENTS event published so far (after the relay drained the outbox), oldest first. */
  commentEvents(): Promise<EventEnvelope<any>[]>;
  stop(): Promise<void>;
}

/** Runs comments in-process (statements counted) plus a separate NATS client for the test's side. */
export async function startHarness(config: CommentsConfig, overrides: CommentsOverrides = {}): Promise<Harness> {
  let statements: StatementCounter | undefined;
  const app = await startComments(config, {
    logger: testLogger(),
    wrapAdapter: (adapter) => (statements = countStatements(adapter)).adapter,
    ...overrides,
  });
  const nc = await connectNats({ servers: config.natsUrl, name: 'comments-test', logger: testLogger() });
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);

  const settled = async (stream: string) => {
    const consumers = await jsm.consumers.list(stream).next();
    const ours = consumers.filter((info) => info.name.startsWith('comments--'));
    return ours.every((info) => info.num_pending === 0 && info.num_ack_pending === 0);
  };

  return {
    app,
    statements: statements!,
    nc,
    js,
    jsm,
    async request(query, variables, viewer) {
      return gql(app.url, query, variables, { headers: viewer ? await identityHeaders(viewer) : {} });
    },
    async deliver(...envelopes) {
      for (const envelope of envelopes) await publishEnvelope(js, envelope);
      const expected = envelopes.reduce((sum, envelope) => sum + (CONSUMERS_PER_TYPE[envelope.type] ?? 1), 0);
      const ids = envelopes.map((envelope) => envelope.id);
      await waitFor(async () => (await app.prisma.inboxEvent.count({ where: { eventId: { in: ids } } })) >= expected, {
        timeoutMs: 20_000,
        message: `${envelopes.map((e) => e.type).join(', ')} consumed`,
      });
    },
    async redeliver(envelope) {
      await publishEnvelope(js, envelope, randomUUID());
      const stream = envelope.type.startsWith('social.') ? 'SOCIAL' : envelope.type.startsWith('moderation.') ? 'MODERATION' : 'POSTS';
      await waitFor(() => settled(stream), { timeoutMs: 20_000, message: `${envelope.type} redelivery settled` });
    },
    async commentEvents() {
      await app.relay.drain(10_000);
      const { state } = await jsm.streams.info('COMMENTS');
      const events: EventEnvelope<any>[] = [];
      for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) {
        const message = await jsm.streams.getMessage('COMMENTS', { seq });
        if (message) events.push(message.json());
      }
      return events;
    },
    async stop() {
      await nc.drain();
      await app.stop();
    },
  };
}

export async function identityHeaders(viewer: Viewer): Promise<Record<string, string>> {
  return { [IDENTITY_HEADER]: await signIdentityHeader(viewer, SECRET) };
}

let usernames = 0;
/** A fresh user: random UUID id, unique username. */
export function aUser(name = 'user'): Viewer {
  usernames += 1;
  return { userId: randomUUID(), username: `${name}_${usernames}` };
}

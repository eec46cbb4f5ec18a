import { newEventId, type EventEnvelope } from '@agora/events';
import { connectNats, durableName } from '@agora/messaging';
import { countStatements, type StatementCounter } from '@agora/prisma-kit';
import { createLogger, IDENTITY_HEADER, signIdentityHeader, type Viewer } from '@agora/service-kit';
import { gql, publishEnvelope, waitFor, type GraphQLResponse } from '@agora/testing';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import { startModeration, type ModerationOverrides, type RunningModeration } from '../../src/app';
import { configSchema, type ModerationConfig } from '../../src/config';

export const SECRET = 'moderation-integration-tests-internal-secret-0123456789';

/** Quiet logs unless a test run asks for them (`TEST_LOG_LEVEL=debug`). */
export const testLogger = () => createLogger('moderation-test', process.env.TEST_LOG_LEVEL ?? 'silent');

/** Moderation's config as main.ts would parse it, on a free port. */
export function testConfig(env: Record<string, string>): ModerationConfig {
  return { ...configSchema.parse({ AGORA_INTERNAL_SECRET: SECRET, LOG_LEVEL: 'silent', NODE_ENV: 'test', ...env }), port: 0 };
}

export interface Harness {
  app: RunningModeration;
  /** Statements sent to the database since the last `reset()`. */
  statements: StatementCounter;
  /** The test's own NATS connection, playing posts, comments, social and identity. */
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  /** A GraphQL request, signed in as `viewer` when given (the gateway's signed identity header, role included). */
  request<D = any>(query: string, variables?: Record<string, unknown>, viewer?: Viewer | null): Promise<GraphQLResponse<D>>;
  /** Publishes other contexts' events as their relays do (msgID = event id) and waits until moderation processed each. */
  deliver(...envelopes: EventEnvelope<any>[]): Promise<void>;
  /** Publishes an event again under a NEW message id (JetStream cannot deduplicate it) and waits until the handler's durable settled. */
  redeliver(envelope: EventEnvelope<any>, handlerName: string, stream: string): Promise<void>;
  /** Every MODERATION event published so far (after the relay drained the outbox), oldest first. */
  moderationEvents(): Promise<EventEnvelope<any>[]>;
  /** Idempotent. */
  stop(): Promise<void>;
}

/** Runs moderation in-process (statements counted) plus a separate NATS client for the test's side. */
export async function startHarness(config: ModerationConfig, overrides: ModerationOverrides = {}): Promise<Harness> {
  let statements: StatementCounter | undefined;
  const app = await startModeration(config, {
    logger: testLogger(),
    wrapAdapter: (adapter) => (statements = countStatements(adapter)).adapter,
    ...overrides,
  });
  const nc = await connectNats({ servers: config.natsUrl, name: 'moderation-test', logger: testLogger() });
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  let stopping: Promise<void> | undefined;
  const processed = (eventId: string) => app.prisma.inboxEvent.count({ where: { eventId } }).then((count) => count > 0);
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
      for (const envelope of envelopes)
        await waitFor(() => processed(envelope.id), { timeoutMs: 20_000, message: `${envelope.type} ${envelope.id} processed` });
    },
    async redeliver(envelope, handlerName, stream) {
      const ack = await publishEnvelope(js, envelope, newEventId());
      const durable = durableName('moderation', handlerName);
      await waitFor(
        async () => {
          const info = await jsm.consumers.info(stream, durable);
          return info.ack_floor.stream_seq >= ack.seq && info.num_ack_pending === 0;
        },
        { timeoutMs: 20_000, message: `${durable} settled after the redelivery` },
      );
    },
    async moderationEvents() {
      await app.relay.drain(10_000);
      const { state } = await jsm.streams.info('MODERATION');
      const events: EventEnvelope<any>[] = [];
      for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) {
        const message = await jsm.streams.getMessage('MODERATION', { seq });
        if (message) events.push(message.json());
      }
      return events;
    },
    stop: () =>
      (stopping ??= (async () => {
        await nc.drain();
        await app.stop();
      })()),
  };
}

export async function identityHeaders(viewer: Viewer): Promise<Record<string, string>> {
  return { [IDENTITY_HEADER]: await signIdentityHeader(viewer, SECRET) };
}

let usernames = 0;
/** A fresh user: random UUID id, unique username; `role` as the gateway would forward it. */
export function aUser(name = 'user', role?: 'MODERATOR' | 'ADMIN'): Viewer {
  usernames += 1;
  return { userId: randomUUID(), username: `${name}_${usernames}`, ...(role ? { role } : {}) };
}

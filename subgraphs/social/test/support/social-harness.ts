import { AccountRegisteredV1, createEvent, newEventId, type EventEnvelope, type PayloadOf } from '@agora/events';
import { connectNats } from '@agora/messaging';
import { countStatements, type StatementCounter } from '@agora/prisma-kit';
import { createLogger, IDENTITY_HEADER, signIdentityHeader, type Viewer } from '@agora/service-kit';
import { gql, publishEnvelope, type GraphQLResponse } from '@agora/testing';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager, type PubAck } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { startSocial, type RunningSocial, type SocialOverrides } from '../../src/app';
import { configSchema, type SocialConfig } from '../../src/config';

export const SECRET = 'social-integration-tests-internal-secret-0123456789';
export const DURABLE = 'social--record-account-on-account-registered';

/** Quiet logs unless a test run asks for them (`TEST_LOG_LEVEL=debug`). */
export const testLogger = () => createLogger('social-test', process.env.TEST_LOG_LEVEL ?? 'silent');

/** Social's config as main.ts would parse it, on a free port. */
export function testConfig(env: Record<string, string>): SocialConfig {
  return { ...configSchema.parse({ AGORA_INTERNAL_SECRET: SECRET, LOG_LEVEL: 'silent', NODE_ENV: 'test', ...env }), port: 0 };
}

export interface Harness {
  app: RunningSocial;
  /** Statements sent to the database since the last `reset()`. */
  statements: StatementCounter;
  /** The test's own NATS connection, playing identity and reading streams. */
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  /** A GraphQL request, signed in as `viewer` when given (the gateway's signed identity header). */
  request<D = any>(query: string, variables?: Record<string, unknown>, viewer?: Viewer | null): Promise<GraphQLResponse<D>>;
  /** Known accounts written straight into the replica (tests of the consumer publish instead). */
  know(...users: Viewer[]): Promise<void>;
  /** Every SOCIAL event published so far (after the relay drained the outbox), oldest first. */
  socialEvents(): Promise<EventEnvelope<any>[]>;
  stop(): Promise<void>;
}

/** Runs social in-process (statements counted) plus a separate NATS client for the test's side. */
export async function startHarness(config: SocialConfig, overrides: SocialOverrides = {}): Promise<Harness> {
  let statements: StatementCounter | undefined;
  const app = await startSocial(config, {
    logger: testLogger(),
    wrapAdapter: (adapter) => (statements = countStatements(adapter)).adapter,
    ...overrides,
  });
  const nc = await connectNats({ servers: config.natsUrl, name: 'social-test', logger: testLogger() });
  const jsm = await jetstreamManager(nc);
  return {
    app,
    statements: statements!,
    nc,
    js: jetstream(nc),
    jsm,
    async request(query, variables, viewer) {
      return gql(app.url, query, variables, { headers: viewer ? await identityHeaders(viewer) : {} });
    },
    async know(...users) {
      const now = new Date();
      await app.prisma.knownAccount.createMany({
        data: users.map((user) => ({ id: user.userId, username: user.username, registeredAt: now, recordedAt: now })),
        skipDuplicates: true,
      });
    },
    async socialEvents() {
      await app.relay.drain(10_000);
      return (await streamMessages(jsm, 'SOCIAL')).map((message) => message.data as EventEnvelope<any>);
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

// ── users ──────────────────────────────────────────────────────────────────────────────────────
let usernames = 0;
/** A fresh user: UUIDv7 id, unique username. */
export function aUser(): Viewer {
  usernames += 1;
  return { userId: newEventId(), username: `user_${process.pid}_${usernames}` };
}

// ── identity's side: registration events ──────────────────────────────────────────────────────
export function accountRegistered(user: Viewer): EventEnvelope<PayloadOf<typeof AccountRegisteredV1>> {
  return createEvent(AccountRegisteredV1, {
    aggregateId: user.userId,
    aggregateVersion: 1,
    actorId: user.userId,
    payload: { accountId: user.userId, username: user.username, registeredAt: new Date().toISOString() },
  });
}

/** Publishes to the IDENTITY stream the way identity's relay does: subject = type, msgID = event id. */
export async function publish(js: JetStreamClient, envelope: EventEnvelope<unknown>, msgID = envelope.id): Promise<PubAck> {
  return publishEnvelope(js, envelope, msgID);
}

/** Resolves once the durable has acknowledged (or termed) everything up to `streamSeq`. */
export async function consumerSettled(jsm: JetStreamManager, streamSeq: number): Promise<boolean> {
  const info = await jsm.consumers.info('IDENTITY', DURABLE);
  return info.ack_floor.stream_seq >= streamSeq && info.num_ack_pending === 0;
}

// ── streams ────────────────────────────────────────────────────────────────────────────────────
export interface StoredMessage {
  subject: string;
  msgId: string | undefined;
  data: unknown;
}
/** Every message currently in a stream, oldest first. */
export async function streamMessages(jsm: JetStreamManager, stream: string): Promise<StoredMessage[]> {
  const { state } = await jsm.streams.info(stream);
  const messages: StoredMessage[] = [];
  for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) {
    const message = await jsm.streams.getMessage(stream, { seq });
    if (!message) continue;
    messages.push({ subject: message.subject, msgId: message.header?.get('Nats-Msg-Id') || undefined, data: message.json() });
  }
  return messages;
}

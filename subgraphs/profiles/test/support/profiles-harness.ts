import { AccountRegisteredV1, createEvent, newEventId, type EventEnvelope, type PayloadOf } from '@agora/events';
import { connectNats } from '@agora/messaging';
import { createLogger, IDENTITY_HEADER, signIdentityHeader, type Viewer } from '@agora/service-kit';
import { gql, publishEnvelope, type GraphQLResponse } from '@agora/testing';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager, type PubAck } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { startProfiles, type ProfilesOverrides, type RunningProfiles } from '../../src/app';
import { configSchema, type ProfilesConfig } from '../../src/config';

export const SECRET = 'profiles-integration-tests-internal-secret-0123456789';
export const DURABLE = 'profiles--create-profile-on-account-registered';

/** Quiet logs unless a test run asks for them (`TEST_LOG_LEVEL=debug`). */
export const testLogger = () => createLogger('profiles-test', process.env.TEST_LOG_LEVEL ?? 'silent');

/** Profiles' config as main.ts would parse it, on a free port. */
export function testConfig(env: Record<string, string>): ProfilesConfig {
  return { ...configSchema.parse({ AGORA_INTERNAL_SECRET: SECRET, LOG_LEVEL: 'silent', NODE_ENV: 'test', ...env }), port: 0 };
}

export interface Harness {
  app: RunningProfiles;
  /** The test's own NATS connection, playing identity and reading streams. */
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  stop(): Promise<void>;
}

/** Runs profiles in-process plus a separate NATS client for the test's side of the wire. */
export async function startHarness(config: ProfilesConfig, overrides: ProfilesOverrides = {}): Promise<Harness> {
  const app = await startProfiles(config, { logger: testLogger(), ...overrides });
  const nc = await connectNats({ servers: config.natsUrl, name: 'profiles-test', logger: testLogger() });
  return {
    app,
    nc,
    js: jetstream(nc),
    jsm: await jetstreamManager(nc),
    async stop() {
      await nc.drain();
      await app.stop();
    },
  };
}

// ── identity's side: registration events ──────────────────────────────────────────────────────
let usernames = 0;
/** A fresh account: UUIDv7 id, unique username. */
export function anAccount(): { accountId: string; username: string } {
  usernames += 1;
  return { accountId: newEventId(), username: `user_${process.pid}_${usernames}` };
}

export function accountRegistered(account: { accountId: string; username: string }): EventEnvelope<PayloadOf<typeof AccountRegisteredV1>> {
  return createEvent(AccountRegisteredV1, {
    aggregateId: account.accountId,
    aggregateVersion: 1,
    actorId: account.accountId,
    payload: { ...account, registeredAt: new Date().toISOString() },
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
  data: any;
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

// ── the graph ──────────────────────────────────────────────────────────────────────────────────
export const UPDATE_PROFILE = /* GraphQL */ `
  mutation Update($input: UpdateProfileInput!) {
    updateProfile(input: $input) { id displayName bio avatarUrl }
  }
`;
export const ENTITIES = /* GraphQL */ `
  query Entities($representations: [_Any!]!) {
    _entities(representations: $representations) { ... on User { id displayName bio avatarUrl } }
  }
`;

export async function asViewer(viewer: Viewer): Promise<Record<string, string>> {
  return { [IDENTITY_HEADER]: await signIdentityHeader(viewer, SECRET) };
}

export async function updateProfile(url: string, viewer: Viewer | null, input: Record<string, unknown>): Promise<GraphQLResponse> {
  return gql(url, UPDATE_PROFILE, { input }, { headers: viewer ? await asViewer(viewer) : {} });
}

export async function entities(url: string, ids: string[]): Promise<GraphQLResponse> {
  return gql(url, ENTITIES, { representations: ids.map((id) => ({ __typename: 'User', id })) });
}

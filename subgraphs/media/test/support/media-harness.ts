import type { EventEnvelope } from '@agora/events';
import { connectNats } from '@agora/messaging';
import { countStatements, type StatementCounter } from '@agora/prisma-kit';
import { createLogger, IDENTITY_HEADER, signIdentityHeader, type Viewer } from '@agora/service-kit';
import { gql, publishEnvelope, waitFor, type GraphQLResponse } from '@agora/testing';
import { jetstreamManager, jetstream, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { startMedia, type MediaOverrides, type RunningMedia } from '../../src/app';
import { configSchema, type MediaConfig } from '../../src/config';
import { SharpUploadProcessor } from '../../src/infrastructure/processing/upload-processor';
import { minimalMp4, png } from './images';
import { InMemoryStorage } from './in-memory-storage';

export const SECRET = 'media-integration-tests-internal-secret-0123456789';

/** Quiet logs unless a test run asks for them (`TEST_LOG_LEVEL=debug`). */
export const testLogger = () => createLogger('media-test', process.env.TEST_LOG_LEVEL ?? 'silent');

/** Media's config as main.ts would parse it, on a free port. */
export function testConfig(env: Record<string, string>): MediaConfig {
  return {
    ...configSchema.parse({
      AGORA_INTERNAL_SECRET: SECRET,
      LOG_LEVEL: 'silent',
      NODE_ENV: 'test',
      MEDIA_PUBLIC_URL: 'http://media.test',
      ...env,
    }),
    port: 0,
  };
}

/** How many of media's consumers record each event type in the inbox (the replica's and media's own). */
const CONSUMERS_PER_TYPE: Record<string, number> = { 'posts.post.published.v1': 2, 'posts.post.deleted.v1': 2 };

export const CREATE_UPLOAD = /* GraphQL */ `
  mutation ($input: CreateUploadInput!) {
    createUpload(input: $input) { item { id status kind } uploadUrl method headers { name value } expiresAt }
  }
`;

export interface Harness {
  app: RunningMedia;
  storage: InMemoryStorage;
  statements: StatementCounter;
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  /** A GraphQL request, signed in as `viewer` when given (the gateway's signed identity header). */
  request<D = any>(query: string, variables?: Record<string, unknown>, viewer?: Viewer | null): Promise<GraphQLResponse<D>>;
  /** The ticket's PUT with `bytes` on media's own route (the ticket's URL points at MEDIA_PUBLIC_URL). */
  put(
    ticket: { uploadUrl: string; method: string; headers: { name: string; value: string }[] },
    bytes: Buffer,
  ): Promise<{ status: number; json: any }>;
  /** createUpload + the ticket's PUT on media's own route; the item's id (READY for the default bytes: a 10×20 PNG, a minimal MP4). */
  upload(viewer: Viewer, options?: { kind?: 'IMAGE' | 'VIDEO'; contentType?: string; bytes?: Buffer }): Promise<string>;
  /** Publishes other contexts' events as their relays would, in order, and waits until media processed them all. */
  deliver(...envelopes: EventEnvelope<any>[]): Promise<void>;
  /** Every MEDIA event published so far (after the relay drained the outbox), oldest first. */
  mediaEvents(): Promise<EventEnvelope<any>[]>;
  stop(): Promise<void>;
}

/** Runs media in-process (statements counted, storage in memory, the real processor) plus a NATS client for the test's side. */
export async function startHarness(config: MediaConfig, overrides: MediaOverrides = {}): Promise<Harness> {
  let statements: StatementCounter | undefined;
  const storage = new InMemoryStorage();
  const app = await startMedia(config, {
    logger: testLogger(),
    storage,
    processor: new SharpUploadProcessor(storage),
    wrapAdapter: (adapter) => (statements = countStatements(adapter)).adapter,
    ...overrides,
  });
  const nc = await connectNats({ servers: config.natsUrl, name: 'media-test', logger: testLogger() });
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);

  const harness: Harness = {
    app,
    storage,
    statements: statements!,
    nc,
    js,
    jsm,
    async request(query, variables, viewer) {
      return gql(app.url, query, variables, { headers: viewer ? await identityHeaders(viewer) : {} });
    },
    async upload(viewer, options = {}) {
      const kind = options.kind ?? 'IMAGE';
      const bytes = options.bytes ?? (kind === 'IMAGE' ? await png({ width: 10, height: 20 }) : minimalMp4());
      const contentType = options.contentType ?? (kind === 'IMAGE' ? 'image/png' : 'video/mp4');
      const res = await harness.request(CREATE_UPLOAD, { input: { kind, contentType, byteSize: bytes.length } }, viewer);
      expect(res.errors).toBeUndefined();
      const ticket = res.data.createUpload;
      await harness.put(ticket, bytes);
      return ticket.item.id as string;
    },
    async put(ticket, bytes) {
      const url = new URL(ticket.uploadUrl);
      const res = await fetch(`${app.origin}${url.pathname}${url.search}`, {
        method: ticket.method,
        headers: Object.fromEntries(ticket.headers.map((h) => [h.name, h.value])),
        body: bytes,
      });
      return { status: res.status, json: await res.json() };
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
    async mediaEvents() {
      await app.relay.drain(10_000);
      const { state } = await jsm.streams.info('MEDIA');
      const events: EventEnvelope<any>[] = [];
      for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) {
        const message = await jsm.streams.getMessage('MEDIA', { seq });
        if (message) events.push(message.json());
      }
      return events;
    },
    async stop() {
      await nc.drain();
      await app.stop();
    },
  };
  return harness;
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

import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { countStatements, type StatementCounter } from '@agora/prisma-kit';
import { IDENTITY_HEADER, signIdentityHeader, type Viewer } from '@agora/service-kit';
import { TestClock, gql, publishEnvelope, startNats, waitFor, type GraphQLResponse, type NatsServer } from '@agora/testing';
import type { EventEnvelope } from '@agora/events';
import { startPosts, type RunningPosts } from '../../src/app';
import type { PostsConfig } from '../../src/config';

export const INTERNAL_SECRET = 'posts-test-internal-secret-0123456789abcdef';

export interface StreamEvent {
  seq: number;
  subject: string;
  msgId: string | undefined;
  envelope: EventEnvelope<any>;
}

export interface PostsHarness {
  app: RunningPosts;
  url: string;
  /** Statements sent to the database since the last `reset()`. */
  statements: StatementCounter;
  /** The app's clock: frozen until a test advances it (so ties on created_at really happen). */
  clock: TestClock;
  nats: NatsServer;
  /** A GraphQL request, signed in as `viewer` when given (the gateway's signed identity header). */
  request<D = any>(query: string, variables?: Record<string, unknown>, viewer?: Viewer): Promise<GraphQLResponse<D>>;
  /** Every message in the POSTS stream, oldest first (after the relay drained the outbox). */
  postsStream(): Promise<StreamEvent[]>;
  outboxRows(): Promise<number>;
  /** Publishes another context's event (e.g. social's) to JetStream, msgID = event id as its relay would (another msgID: a redelivery JetStream cannot deduplicate). */
  publish(envelope: EventEnvelope<any>, msgID?: string): Promise<void>;
  /** Resolves once posts' consumers have processed (inbox) this many events in total. */
  consumed(count: number): Promise<void>;
  stop(): Promise<void>;
}

/** startPosts in-process on a free port, with real NATS and PGlite in memory (or Postgres at `databaseUrl`). */
export async function startHarness(options: { databaseUrl?: string } = {}): Promise<PostsHarness> {
  const nats = await startNats();
  const clock = new TestClock(new Date('2026-03-01T12:00:00.000Z'));
  let statements: StatementCounter | undefined;
  const config: PostsConfig = {
    port: 0,
    host: '127.0.0.1',
    databaseUrl: options.databaseUrl,
    dataDir: '',
    natsUrl: nats.url,
    logLevel: 'silent',
    internalSecret: INTERNAL_SECRET,
    nodeEnv: 'test',
  };
  let app: RunningPosts;
  try {
    app = await startPosts(config, {
      database: options.databaseUrl ? { url: options.databaseUrl } : { memory: true },
      clock,
      wrapAdapter: (adapter) => (statements = countStatements(adapter)).adapter,
    });
  } catch (error) {
    await nats.stop();
    throw error;
  }
  const nc = await connect({ servers: nats.url, name: 'posts-test-reader' });
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);

  return {
    app,
    url: app.url,
    statements: statements!,
    clock,
    nats,
    async request(query, variables, viewer) {
      const headers: Record<string, string> = viewer ? { [IDENTITY_HEADER]: await signIdentityHeader(viewer, INTERNAL_SECRET) } : {};
      return gql(app.url, query, variables, { headers });
    },
    async postsStream() {
      await app.relay.drain(10_000);
      const info = await jsm.streams.info('POSTS');
      const events: StreamEvent[] = [];
      for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
        const message = await jsm.streams.getMessage('POSTS', { seq });
        if (!message) continue;
        events.push({
          seq,
          subject: message.subject,
          msgId: message.header.get('Nats-Msg-Id') || undefined,
          envelope: message.json(),
        });
      }
      return events;
    },
    async outboxRows() {
      return app.prisma.outboxEvent.count();
    },
    async publish(envelope, msgID) {
      await publishEnvelope(js, envelope, msgID);
    },
    async consumed(count) {
      await waitFor(async () => (await app.prisma.inboxEvent.count()) >= count, { timeoutMs: 20_000, message: `${count} events consumed` });
    },
    async stop() {
      await nc.close();
      await app.stop();
      await nats.stop();
    },
  };
}

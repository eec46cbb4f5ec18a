/**
 * Who may do what on NATS: the one declaration the dev stack (`npm start`), test servers
 * (`startNats({ auth })`) and `deploy/nats/nats-server.conf` are generated from.
 *
 * Every context connects as a user named after it, `gateway` for the gateway, and `agora-admin`
 * (everything) exists for tests and tools. A context may publish only its own stream's subjects
 * (`<ctx>.>`) and its dead letters (`dlq.<ctx>.>`), manage only its own stream, create the shared
 * DLQ stream, and create/read/pull/ack consumers only on the streams it consumes. Replies reach a
 * user only under its own inbox prefix (`_INBOX_<user>`), so nobody reads another's replies.
 */
import { DEAD_LETTER_STREAM, STREAMS, type StreamSpec } from '@agora/events';
import { randomBytes } from 'node:crypto';

export interface NatsAccess {
  /** Streams this user creates, updates and publishes to (their subjects). */
  owns: readonly StreamSpec[];
  /** Streams this user reads with consumers of its own (it never creates or changes them). */
  consumes: readonly StreamSpec[];
  /** Whether it dead-letters (publishes `dlq.<user>.>`, may create the DLQ stream). */
  deadLetters: boolean;
}

/** The gateway's realtime stream (subgraphs/realtime REALTIME_STREAM; a test keeps them equal). */
export const REALTIME_STREAM_NAME = 'REALTIME';
const REALTIME: StreamSpec = Object.freeze({ name: REALTIME_STREAM_NAME, subjects: [] });

const context = (own: StreamSpec, ...consumes: StreamSpec[]): NatsAccess => Object.freeze({ owns: [own], consumes, deadLetters: true });

/**
 * The declaration. `consumes` must equal the streams each context's definition lists besides its
 * own and every stream its handlers read (access.test.ts checks it against the contexts' code).
 */
export const NATS_ACCESS: Readonly<Record<string, NatsAccess>> = Object.freeze({
  identity: context(STREAMS.IDENTITY, STREAMS.MODERATION),
  profiles: context(STREAMS.PROFILES, STREAMS.IDENTITY, STREAMS.MEDIA),
  posts: context(STREAMS.POSTS, STREAMS.SOCIAL, STREAMS.MEDIA, STREAMS.MODERATION),
  social: context(STREAMS.SOCIAL, STREAMS.IDENTITY),
  comments: context(STREAMS.COMMENTS, STREAMS.POSTS, STREAMS.SOCIAL, STREAMS.MODERATION),
  reactions: context(STREAMS.REACTIONS, STREAMS.POSTS, STREAMS.SOCIAL, STREAMS.COMMENTS, STREAMS.MODERATION),
  notifications: context(
    STREAMS.NOTIFICATIONS,
    STREAMS.SOCIAL,
    STREAMS.POSTS,
    STREAMS.COMMENTS,
    STREAMS.REACTIONS,
    STREAMS.IDENTITY,
    STREAMS.MODERATION,
  ),
  feed: context(STREAMS.FEED, STREAMS.SOCIAL, STREAMS.POSTS, STREAMS.MODERATION),
  media: context(STREAMS.MEDIA, STREAMS.POSTS, STREAMS.SOCIAL, STREAMS.MODERATION),
  moderation: context(STREAMS.MODERATION, STREAMS.POSTS, STREAMS.COMMENTS, STREAMS.SOCIAL, STREAMS.IDENTITY),
  // The gateway owns REALTIME (sourced by the server from the contexts' streams: no subjects, so
  // it publishes nothing) and reads it with ordered consumers; it reads the revocations (accounts
  // suspended, roles changed) from MODERATION and IDENTITY the same way.
  gateway: Object.freeze({ owns: [REALTIME], consumes: [REALTIME, STREAMS.MODERATION, STREAMS.IDENTITY], deadLetters: false }),
});

/** The tools user: every permission. For tests, chaos invariants, DLQ inspection. */
export const NATS_ADMIN_USER = 'agora-admin';

/** The inbox prefix a user's replies arrive under (connectNats sets it from the user name). */
export function natsInboxPrefix(user: string): string {
  return `_INBOX_${user}`;
}

export interface NatsPermissions {
  publish: { allow: string[] };
  subscribe: { allow: string[] };
}

/** The subjects `user` may publish to and subscribe on (whole-token wildcards only). */
export function natsPermissions(user: string): NatsPermissions {
  if (user === NATS_ADMIN_USER) return { publish: { allow: ['>'] }, subscribe: { allow: ['>'] } };
  const access = NATS_ACCESS[user];
  if (!access) throw new Error(`no NATS access is declared for "${user}" (packages/messaging/src/access.ts)`);
  const api = '$JS.API';
  const publish = new Set<string>([`${api}.INFO`]);
  for (const stream of access.owns) {
    for (const subject of stream.subjects) publish.add(subject);
    for (const action of ['CREATE', 'UPDATE', 'INFO']) publish.add(`${api}.STREAM.${action}.${stream.name}`);
  }
  if (access.deadLetters) {
    publish.add(`dlq.${user}.>`);
    // Any context may create the shared DLQ (start order does not matter); none may change it.
    publish.add(`${api}.STREAM.CREATE.${DEAD_LETTER_STREAM.name}`);
    publish.add(`${api}.STREAM.INFO.${DEAD_LETTER_STREAM.name}`);
  }
  for (const stream of access.consumes) {
    const s = stream.name;
    publish.add(`${api}.STREAM.INFO.${s}`);
    publish.add(`${api}.CONSUMER.CREATE.${s}.>`);
    publish.add(`${api}.CONSUMER.DURABLE.CREATE.${s}.>`);
    publish.add(`${api}.CONSUMER.INFO.${s}.>`);
    publish.add(`${api}.CONSUMER.DELETE.${s}.>`);
    publish.add(`${api}.CONSUMER.MSG.NEXT.${s}.>`);
    publish.add(`$JS.ACK.${s}.>`);
  }
  return { publish: { allow: [...publish] }, subscribe: { allow: [`${natsInboxPrefix(user)}.>`] } };
}

/** Every user the declaration knows, admin last. */
export function natsUserNames(): string[] {
  return [...Object.keys(NATS_ACCESS), NATS_ADMIN_USER];
}

export interface NatsUser {
  user: string;
  password: string;
  permissions: NatsPermissions;
}

/** One random password per user, for a dev stack or a test server (regenerated on every call). */
export function generateNatsUsers(): NatsUser[] {
  return natsUserNames().map((user) => ({ user, password: randomBytes(24).toString('base64url'), permissions: natsPermissions(user) }));
}

/** `NATS_<USER>_PASSWORD`: the variable docker-compose passes (`agora-admin` → `NATS_AGORA_ADMIN_PASSWORD`). */
export function natsPasswordVariable(user: string): string {
  return `NATS_${user.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase()}_PASSWORD`;
}

/**
 * `deploy/nats/nats-server.conf`: JetStream on, anonymous connections refused (no
 * `no_auth_user`), each password read from `$NATS_<USER>_PASSWORD` at server start.
 * access.test.ts asserts the committed file equals this output (`npm run -w @agora/messaging nats-config`).
 */
export function renderDeployNatsConfig(): string {
  const lines = [
    '# GENERATED from packages/messaging/src/access.ts by `npm run -w @agora/messaging nats-config`; do not edit.',
    '# Every user reads its password from the environment: $NATS_<USER>_PASSWORD.',
    'port: 4222',
    'http_port: 8222',
    'jetstream {',
    '  store_dir: "/data"',
    '}',
    'authorization {',
    '  users: [',
  ];
  for (const user of natsUserNames()) {
    const { publish, subscribe } = natsPermissions(user);
    lines.push('    {');
    lines.push(`      user: "${user}"`);
    lines.push(`      password: $${natsPasswordVariable(user)}`);
    lines.push('      permissions: {');
    lines.push(`        publish: { allow: ${JSON.stringify(publish.allow)} }`);
    lines.push(`        subscribe: { allow: ${JSON.stringify(subscribe.allow)} }`);
    lines.push('      }');
    lines.push('    }');
  }
  lines.push('  ]', '}', '');
  return lines.join('\n');
}

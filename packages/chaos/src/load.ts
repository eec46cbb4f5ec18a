/**
 * The mixed write load through the gateway's public API — registrations, follows, posts, comments,
 * reactions (LIKE), blocks — and the record of what was acknowledged. Shared by the fault run
 * (`chaos.ts`) and anything else that wants to check "every acknowledged command exactly once"
 * afterwards (`checkInvariants` in `invariants.ts` reads a `LoadRecord`).
 *
 * Each command is recorded as **acked** (a success response), **refused** (a GraphQL error with a
 * definite code: it did not happen) or **unknown** (transport failure, 5xx or an
 * internal/unavailable error: it may or may not have happened).
 *
 * ```ts
 * const load = createLoad({ gatewayUrl: () => platform.gatewayUrl, random: rng(seed), seed });
 * load.start(4);            // four workers
 * ...
 * await load.stop();        // waits for the commands in flight
 * load.record               // what was acknowledged / unknown
 * ```
 */
import { randomUUID } from 'node:crypto';

/** POSTs one operation with a timeout; throws on transport failure, timeout or a non-JSON answer. */
export async function graphql(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  options: { token?: string; timeoutMs?: number } = {},
): Promise<{ status: number; data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] }> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(url, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
  });
  const text = await response.text();
  const body = JSON.parse(text) as { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] };
  return { status: response.status, data: body.data ?? undefined, errors: body.errors };
}

/** Small seeded PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface LoadUser {
  id: string;
  username: string;
  token: string;
}
export type CommandKind = 'register' | 'follow' | 'post' | 'comment' | 'react' | 'block';
export type Outcome = 'acked' | 'unknown' | 'refused';
export const COMMAND_KINDS: readonly CommandKind[] = ['register', 'follow', 'post', 'comment', 'react', 'block'];

/** What the load did, by outcome. Ids are the gateway's. */
export interface LoadRecord {
  commands: Map<CommandKind, Record<Outcome, number>>;
  /** Acknowledged registrations (with an access token). */
  users: LoadUser[];
  /** Registrations whose outcome is unknown. */
  unknownUsernames: string[];
  /** follower id → followee ids. */
  follows: Map<string, { acked: Set<string>; unknown: Set<string> }>;
  /** acked post id → author and body. */
  posts: Map<string, { author: LoadUser; body: string }>;
  /** body → author of posts whose outcome is unknown. */
  unknownPosts: Map<string, LoadUser>;
  /** post id → comment body → commenter id. */
  comments: Map<string, { acked: Map<string, string>; unknown: Map<string, string> }>;
  /** post id → reactor ids (LIKE). */
  reactions: Map<string, { acked: Set<string>; unknown: Set<string> }>;
  /** `blocker:blocked` → outcome; every pair ever attempted. */
  blocks: Map<string, Outcome>;
}

export function emptyRecord(): LoadRecord {
  return {
    commands: new Map(),
    users: [],
    unknownUsernames: [],
    follows: new Map(),
    posts: new Map(),
    unknownPosts: new Map(),
    comments: new Map(),
    reactions: new Map(),
    blocks: new Map(),
  };
}

/** Whether a block between the two was ever attempted (either direction, any outcome). */
export function inBlock(record: LoadRecord, a: string, b: string): boolean {
  return record.blocks.has(`${a}:${b}`) || record.blocks.has(`${b}:${a}`);
}

const UNCERTAIN_CODES = [
  'INTERNAL_SERVER_ERROR',
  'SERVICE_UNAVAILABLE',
  'BAD_GATEWAY',
  'GATEWAY_TIMEOUT',
  'UNAVAILABLE',
  'DOWNSTREAM_SERVICE_ERROR',
];

export interface LoadOptions {
  /** The gateway's /graphql URL (a function: it may be read again after a restart). */
  gatewayUrl: () => string;
  random: () => number;
  /** Part of every username, so runs on one database do not collide. */
  seed: number;
  /** Relative weights of the kinds; default register 2, follow 2, post 2, comment 2, react 2, block 1. */
  mix?: Partial<Record<CommandKind, number>>;
  /** Pause of a worker after an unknown outcome (something is down: do not spin); default 250 ms. */
  backoffMs?: number;
  /** Per request timeout; default 30 s. */
  requestTimeoutMs?: number;
}

export interface Load {
  record: LoadRecord;
  /** One command of this kind (skipped silently when its preconditions are missing). */
  run(kind: CommandKind): Promise<void>;
  /** Starts `workers` loops issuing random commands until stop(). */
  start(workers: number): void;
  /** Stops the loops and waits for the commands in flight. */
  stop(): Promise<void>;
}

export function createLoad(options: LoadOptions): Load {
  const { random } = options;
  const backoffMs = options.backoffMs ?? 250;
  const requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const record = emptyRecord();
  const count = (kind: CommandKind, outcome: Outcome) => {
    const row = record.commands.get(kind) ?? { acked: 0, unknown: 0, refused: 0 };
    row[outcome] += 1;
    record.commands.set(kind, row);
  };
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  /** Runs one command; a GraphQL error with a code is a refusal, a transport failure or 5xx is unknown. */
  const send = async (query: string, variables: Record<string, unknown>, token?: string): Promise<{ outcome: Outcome; data?: any }> => {
    try {
      const res = await graphql(options.gatewayUrl(), query, variables, { ...(token ? { token } : {}), timeoutMs: requestTimeoutMs });
      if (!res.errors) return { outcome: 'acked', data: res.data };
      const codes = res.errors.map((e) => e.extensions?.code as string | undefined);
      const definite = codes.every((code) => code && !UNCERTAIN_CODES.includes(code));
      if (!definite) await sleep(backoffMs);
      return { outcome: definite ? 'refused' : 'unknown' };
    } catch {
      await sleep(backoffMs);
      return { outcome: 'unknown' };
    }
  };

  let serial = 0;
  const ops: Record<CommandKind, () => Promise<void>> = {
    async register() {
      const username = `c${options.seed % 100000}_${(serial++).toString(36)}_${Math.floor(random() * 1e6).toString(36)}`.slice(0, 30);
      const r = await send('mutation($i: RegisterInput!) { register(input: $i) { accessToken user { id username } } }', {
        i: { username, email: `${username}@example.test`, password: 'correct horse battery staple' },
      });
      count('register', r.outcome);
      if (r.outcome === 'acked') record.users.push({ id: r.data.register.user.id, username, token: r.data.register.accessToken });
      else if (r.outcome === 'unknown') record.unknownUsernames.push(username);
    },
    async follow() {
      if (record.users.length < 2) return;
      const a = pick(record.users);
      const b = pick(record.users);
      if (a === b || inBlock(record, a.id, b.id)) return;
      const r = await send('mutation($i: UserRefInput!) { follow(input: $i) { id } }', { i: { userId: b.id } }, a.token);
      count('follow', r.outcome);
      const entry = record.follows.get(a.id) ?? { acked: new Set(), unknown: new Set() };
      record.follows.set(a.id, entry);
      if (r.outcome === 'acked') entry.acked.add(b.id);
      else if (r.outcome === 'unknown') entry.unknown.add(b.id);
    },
    async post() {
      if (record.users.length === 0) return;
      const author = pick(record.users);
      const body = `chaos post ${randomUUID()}`;
      const r = await send('mutation($i: CreatePostInput!) { createPost(input: $i) { id } }', { i: { body } }, author.token);
      count('post', r.outcome);
      if (r.outcome === 'acked') record.posts.set(r.data.createPost.id, { author, body });
      else if (r.outcome === 'unknown') record.unknownPosts.set(body, author);
    },
    async comment() {
      if (record.posts.size === 0 || record.users.length === 0) return;
      const postId = pick([...record.posts.keys()]);
      const by = pick(record.users);
      const author = record.posts.get(postId)!.author;
      if (inBlock(record, author.id, by.id)) return;
      const body = `chaos comment ${randomUUID()}`;
      const r = await send('mutation($i: AddCommentInput!) { addComment(input: $i) { id } }', { i: { postId, body } }, by.token);
      count('comment', r.outcome);
      const entry = record.comments.get(postId) ?? { acked: new Map(), unknown: new Map() };
      record.comments.set(postId, entry);
      if (r.outcome === 'acked') entry.acked.set(body, by.id);
      else if (r.outcome === 'unknown') entry.unknown.set(body, by.id);
    },
    async react() {
      if (record.posts.size === 0 || record.users.length === 0) return;
      const postId = pick([...record.posts.keys()]);
      const by = pick(record.users);
      const author = record.posts.get(postId)!.author;
      if (inBlock(record, author.id, by.id)) return;
      const r = await send('mutation($i: ReactInput!) { react(input: $i) }', { i: { subjectId: postId, kind: 'LIKE' } }, by.token);
      count('react', r.outcome);
      const entry = record.reactions.get(postId) ?? { acked: new Set(), unknown: new Set() };
      record.reactions.set(postId, entry);
      if (r.outcome === 'acked') entry.acked.add(by.id);
      else if (r.outcome === 'unknown') entry.unknown.add(by.id);
    },
    async block() {
      // Rare, between the two newest users; every check leaves pairs in a block out.
      if (record.users.length < 4) return;
      const a = record.users[record.users.length - 1]!;
      const b = record.users[record.users.length - 2]!;
      if (inBlock(record, a.id, b.id)) return;
      record.blocks.set(`${a.id}:${b.id}`, 'unknown');
      const r = await send('mutation($i: UserRefInput!) { block(input: $i) { id } }', { i: { userId: b.id } }, a.token);
      count('block', r.outcome);
      record.blocks.set(`${a.id}:${b.id}`, r.outcome);
    },
  };
  const weights = { register: 2, follow: 2, post: 2, comment: 2, react: 2, block: 1, ...options.mix };
  const bag: CommandKind[] = COMMAND_KINDS.flatMap((kind) => Array.from({ length: weights[kind] }, () => kind));

  let running = false;
  let workers: Promise<void>[] = [];
  return {
    record,
    run: (kind) => ops[kind](),
    start(n) {
      running = true;
      workers = Array.from({ length: n }, async () => {
        while (running) await ops[record.users.length < 5 ? 'register' : pick(bag)]();
      });
    },
    async stop() {
      running = false;
      await Promise.all(workers);
    },
  };
}

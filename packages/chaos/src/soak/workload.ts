/**
 * The soak's constant mixed load: an open-loop scheduler sends one request every 1/rate seconds
 * (it does not wait for answers, so a slow system does not lower the rate; at most `maxInFlight`
 * at once, a tick beyond that is counted as not sent) through the gateway's public API, reads and
 * writes: registrations, logins, refreshes, follows, posts, comments, reactions, feed pages,
 * profiles, single posts with their comments, notifications and marking them seen. The kind of
 * each tick is drawn from a seeded generator, so two runs with the same seed and rate send the
 * same sequence of kinds.
 *
 * Every answer that is not HTTP 200 with no `errors` counts as an error of its kind.
 *
 * Other contexts learn of a new account or post by event (social's and comments' replicas), so a
 * new user or post becomes a target of others' follows, comments and reactions only
 * `settleMs` after it was acknowledged (people react to what they saw, not within milliseconds).
 * An error `…NOT_FOUND` on such a target means the events took longer than that.
 */
import { randomUUID } from 'node:crypto';
import { graphql, rng } from '../load';

export type SoakKind =
  'register' | 'login' | 'refresh' | 'follow' | 'post' | 'comment' | 'react' | 'feed' | 'profile' | 'thread' | 'notifications' | 'markSeen';

/** Relative weights: reads dominate, as on a social network; argon2 (register, login) stays rare. */
export const DEFAULT_MIX: Record<SoakKind, number> = {
  register: 1,
  login: 1,
  refresh: 2,
  follow: 3,
  post: 4,
  comment: 4,
  react: 4,
  feed: 10,
  profile: 6,
  thread: 4,
  notifications: 5,
  markSeen: 1,
};
export const SOAK_KINDS = Object.keys(DEFAULT_MIX) as SoakKind[];

const PASSWORD = 'correct horse battery staple';
const REACTIONS = ['LIKE', 'LOVE', 'LAUGH', 'WOW', 'SAD', 'ANGRY'] as const;
/** Access tokens live 15 minutes: a user's token older than this is refreshed before use. */
const TOKEN_REFRESH_AFTER_MS = 10 * 60_000;

const Q = {
  register: 'mutation($i: RegisterInput!) { register(input: $i) { accessToken refreshToken user { id username } } }',
  login: 'mutation($i: LoginInput!) { login(input: $i) { accessToken refreshToken user { id } } }',
  refresh: 'mutation($i: RefreshSessionInput!) { refreshSession(input: $i) { accessToken refreshToken } }',
  follow: 'mutation($i: UserRefInput!) { follow(input: $i) { id followerCount } }',
  post: 'mutation($i: CreatePostInput!) { createPost(input: $i) { id createdAt } }',
  comment: 'mutation($i: AddCommentInput!) { addComment(input: $i) { id createdAt } }',
  react: 'mutation($i: ReactInput!) { react(input: $i) }',
  feed: `query { feed(first: 20) { edges { node { id body createdAt author { username displayName }
    commentCount reactions { kind count } viewerReaction
    comments(first: 3) { edges { node { id body author { username displayName } } } } } }
    pageInfo { hasNextPage endCursor } } }`,
  profile: `query($u: String!) { user(username: $u) { id username createdAt displayName bio
    followerCount followingCount viewerFollows
    posts(first: 5) { edges { node { id body commentCount reactions { kind count } } } } } }`,
  thread: `query($id: ID!) { post(id: $id) { id body createdAt author { username displayName } commentCount
    reactions { kind count } viewerReaction
    comments(first: 10) { edges { node { id body createdAt author { username displayName } reactions { kind count } } } } } }`,
  notifications: `query { notifications(first: 20) { edges { node { id kind seen createdAt actor { username displayName }
    post { id body } comment { id body } } } pageInfo { hasNextPage } } unseenNotificationCount }`,
  markSeen: 'mutation { markNotificationsSeen(input: {}) }',
};

interface SoakUser {
  id: string;
  username: string;
  accessToken: string;
  refreshToken: string;
  tokenAt: number;
  /** A login or refresh of this user is in flight (refresh tokens rotate: one at a time). */
  authBusy: boolean;
  /** Others may follow this user from then on. */
  eligibleAt: number;
}
interface SoakPost {
  id: string;
  eligibleAt: number;
}

export interface RequestResult {
  kind: SoakKind;
  /** performance.now() when sent. */
  sentAt: number;
  latencyMs: number;
  /** undefined = success. */
  error?: { what: string; message: string };
}

export interface WorkloadOptions {
  gatewayUrl: string;
  ratePerSecond: number;
  /** Seeds the kinds drawn (one generator) and the users and posts picked (another). */
  seed: number;
  onResult: (result: RequestResult) => void;
  mix?: Partial<Record<SoakKind, number>>;
  maxInFlight?: number;
  /** How long a new user or post waits before others follow, comment or react to it; default 10 s. */
  settleMs?: number;
  requestTimeoutMs?: number;
}

export interface Workload {
  /** Registers `users` people, each with one post (sequentially; results reported like any other). */
  seed(users: number): Promise<void>;
  start(): void;
  /** Stops sending and waits for the requests in flight. */
  stop(): Promise<void>;
  readonly notSent: number;
  readonly inFlight: number;
  readonly users: number;
  readonly posts: number;
}

export function createWorkload(options: WorkloadOptions): Workload {
  // Kinds from their own generator: the picks depend on what was acknowledged when, the kinds must not.
  const kindRandom = rng(options.seed);
  const random = rng(options.seed ^ 0x5eed5eed);
  const settleMs = options.settleMs ?? 10_000;
  const maxInFlight = options.maxInFlight ?? 64;
  const timeoutMs = options.requestTimeoutMs ?? 30_000;
  const mix = { ...DEFAULT_MIX, ...options.mix };
  const bag: SoakKind[] = SOAK_KINDS.flatMap((kind) => Array.from({ length: mix[kind] }, () => kind));
  const pick = <T>(items: readonly T[]): T | undefined => (items.length ? items[Math.floor(random() * items.length)] : undefined);
  const users: SoakUser[] = [];
  const posts: SoakPost[] = [];
  let serial = 0;
  let inFlight = 0;
  let notSent = 0;
  const open = new Set<Promise<void>>();

  /** Sends one operation and reports it; resolves to its data on success. */
  const send = async (kind: SoakKind, query: string, variables: Record<string, unknown>, token?: string): Promise<any> => {
    const sentAt = performance.now();
    let error: RequestResult['error'];
    let data: any;
    try {
      const res = await graphql(options.gatewayUrl, query, variables, { ...(token ? { token } : {}), timeoutMs });
      if (res.status !== 200) error = { what: `HTTP ${res.status}`, message: res.errors?.[0]?.message ?? '' };
      else if (res.errors?.length) {
        const first = res.errors[0]!;
        const code = (first.extensions?.code as string | undefined) ?? 'NO_CODE';
        const reason = first.extensions?.reason as string | undefined;
        error = { what: `GraphQL ${code}${reason ? ` ${reason}` : ''}`, message: first.message };
      } else data = res.data;
    } catch (cause) {
      const e = cause as Error;
      const what = e.name === 'TimeoutError' ? 'transport: timeout' : `transport: ${e.name}`;
      error = { what, message: `${e.message}${e.cause ? ` (${(e.cause as Error).message ?? String(e.cause)})` : ''}` };
    }
    options.onResult({ kind, sentAt, latencyMs: performance.now() - sentAt, ...(error ? { error } : {}) });
    return error ? undefined : data;
  };

  const eligibleUsers = (now: number) => users.filter((u) => u.eligibleAt <= now);
  const eligiblePosts = (now: number) => {
    // The newest few hundred: a long soak keeps commenting on recent posts, not on a growing archive.
    const recent = posts.slice(-300);
    return recent.filter((p) => p.eligibleAt <= now);
  };

  const register = async () => {
    const username = `s${options.seed % 10000}_${(serial++).toString(36)}_${Math.floor(random() * 1e6).toString(36)}`.slice(0, 30);
    const data = await send('register', Q.register, { i: { username, email: `${username}@example.test`, password: PASSWORD } });
    if (!data) return;
    users.push({
      id: data.register.user.id,
      username,
      accessToken: data.register.accessToken,
      refreshToken: data.register.refreshToken,
      tokenAt: Date.now(),
      authBusy: false,
      eligibleAt: Date.now() + settleMs,
    });
  };
  const withAuth = async (user: SoakUser, work: () => Promise<void>) => {
    user.authBusy = true;
    try {
      await work();
    } finally {
      user.authBusy = false;
    }
  };
  const refresh = (user: SoakUser) =>
    withAuth(user, async () => {
      const data = await send('refresh', Q.refresh, { i: { refreshToken: user.refreshToken } });
      if (!data) return;
      user.accessToken = data.refreshSession.accessToken;
      user.refreshToken = data.refreshSession.refreshToken;
      user.tokenAt = Date.now();
    });
  const login = (user: SoakUser) =>
    withAuth(user, async () => {
      const data = await send('login', Q.login, { i: { login: user.username, password: PASSWORD } });
      if (!data) return;
      user.accessToken = data.login.accessToken;
      user.refreshToken = data.login.refreshToken;
      user.tokenAt = Date.now();
    });
  const createPost = async (author: SoakUser) => {
    const data = await send('post', Q.post, { i: { body: `soak post ${randomUUID()}` } }, author.accessToken);
    if (data) posts.push({ id: data.createPost.id, eligibleAt: Date.now() + settleMs });
  };

  /** One request of this kind (or of a fallback when its preconditions are missing). */
  const run = async (wanted: SoakKind): Promise<void> => {
    const now = Date.now();
    if (wanted === 'register' || users.length === 0) return register();
    const actor = pick(users)!;
    // An old access token is refreshed first (one auth operation per user at a time).
    if (now - actor.tokenAt > TOKEN_REFRESH_AFTER_MS && !actor.authBusy) return refresh(actor);
    const token = actor.accessToken;
    switch (wanted) {
      case 'login':
      case 'refresh': {
        const idle = users.filter((u) => !u.authBusy);
        const user = pick(idle);
        if (!user) return run('feed');
        return wanted === 'login' ? login(user) : refresh(user);
      }
      case 'follow': {
        const others = eligibleUsers(now).filter((u) => u !== actor);
        const target = pick(others);
        if (!target) return run('profile');
        await send('follow', Q.follow, { i: { userId: target.id } }, token);
        return;
      }
      case 'post':
        return createPost(actor);
      case 'comment':
      case 'react':
      case 'thread': {
        const post = pick(eligiblePosts(now));
        if (!post) return createPost(actor);
        if (wanted === 'comment') await send('comment', Q.comment, { i: { postId: post.id, body: `soak comment ${randomUUID()}` } }, token);
        else if (wanted === 'react') await send('react', Q.react, { i: { subjectId: post.id, kind: pick(REACTIONS)! } }, token);
        else await send('thread', Q.thread, { id: post.id }, token);
        return;
      }
      case 'feed':
        await send('feed', Q.feed, {}, token);
        return;
      case 'profile': {
        const whom = pick(eligibleUsers(now)) ?? actor;
        await send('profile', Q.profile, { u: whom.username }, token);
        return;
      }
      case 'notifications':
        await send('notifications', Q.notifications, {}, token);
        return;
      case 'markSeen':
        await send('markSeen', Q.markSeen, {}, token);
        return;
    }
  };

  const track = (work: Promise<void>) => {
    inFlight += 1;
    const p = work.finally(() => {
      inFlight -= 1;
      open.delete(p);
    });
    open.add(p);
  };

  let timer: NodeJS.Timeout | undefined;
  let running = false;
  return {
    async seed(n) {
      for (let i = 0; i < n; i++) await register();
      for (const user of users) await createPost(user);
    },
    start() {
      running = true;
      const intervalMs = 1000 / options.ratePerSecond;
      const startedAt = performance.now();
      let tick = 0;
      const next = () => {
        if (!running) return;
        const kind = bag[Math.floor(kindRandom() * bag.length)]!;
        if (inFlight >= maxInFlight) notSent += 1;
        else track(run(kind));
        tick += 1;
        // Due times from the start, so delays of the timer do not add up into a lower rate.
        timer = setTimeout(next, Math.max(0, startedAt + tick * intervalMs - performance.now()));
      };
      next();
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      await Promise.all([...open]);
    },
    get notSent() {
      return notSent;
    },
    get inFlight() {
      return inFlight;
    },
    get users() {
      return users.length;
    },
    get posts() {
      return posts.length;
    },
  };
}

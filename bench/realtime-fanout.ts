/**
 * `npm run bench:realtime` — fan-out latency of one event to many subscribers on one gateway.
 *
 * The platform as `npm start` runs it (random ports, a temp data dir). Subscribers are real
 * graphql-ws clients over WebSocket, all on `postActivity` of one PUBLIC post; an author then
 * comments N times, one comment at a time, and for each comment the time from the mutation's
 * response to each subscriber's receipt of its COMMENT_ADDED is recorded. Printed: p50/p95/p99/max
 * of those samples for a single subscriber (the baseline) and for all of them, and the ratio.
 *
 * Registering 1,000 accounts would dominate the run, so the subscribers are BENCH_USERS people
 * (default 50) × BENCH_SUBSCRIPTIONS_PER_USER (default 20) subscriptions each, spread over
 * BENCH_CONNECTIONS_PER_USER (default 2) WebSocket connections per person (100 connections ×
 * 10 subscriptions). Each event is resolved through the supergraph once per viewer (the engine
 * shares one resolution among a viewer's identical subscriptions, as for several open tabs), so
 * the cost measured is the per-viewer resolution: raise BENCH_USERS (e.g. 200 users × 5) to see
 * it with more distinct viewers. BENCH_CONNECTIONS_PER_USER=20 gives one connection per
 * subscription (1,000 sockets). Also printed: the CPU seconds each
 * process spent per comment during the measured fan-out (from /proc), to show where the time goes.
 */
import { readFileSync } from 'node:fs';
import type { Client as WsClient } from 'graphql-ws';
import { gql, waitFor } from '@agora/testing';
import { ADD_COMMENT, CREATE_POST, percentile, wsConnect, type WsConnection } from '../e2e/realtime-support';
import { newPerson, register, startTestPlatform, type Session } from '../e2e/support';

const intEnv = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
};
const USERS = intEnv('BENCH_USERS', 50);
const SUBSCRIPTIONS_PER_USER = intEnv('BENCH_SUBSCRIPTIONS_PER_USER', 20);
const CONNECTIONS_PER_USER = intEnv('BENCH_CONNECTIONS_PER_USER', 2);
const EVENTS = intEnv('BENCH_EVENTS', 10);

/** What each subscriber selects: the comment, its author and the post, resolved per viewer. */
const ACTIVITY = `subscription Bench($postId: ID!) { postActivity(postId: $postId) {
  kind post { id commentCount } comment { id body author { username } } } }`;

/** CPU seconds (user + system) a process has used so far, from /proc (Linux; clock ticks of 1/100 s). */
const cpuSeconds = (pid: number): number => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};

interface Subscriber {
  /** comment body → performance.now() at receipt */
  received: Map<string, number>;
  errors: unknown[];
  dispose(): void;
}

function subscribe(client: WsClient, postId: string): Subscriber {
  const subscriber: Subscriber = { received: new Map(), errors: [], dispose: () => {} };
  subscriber.dispose = client.subscribe(
    { query: ACTIVITY, variables: { postId } },
    {
      next: (result) => {
        const at = performance.now();
        if (result.errors) subscriber.errors.push(...result.errors);
        const body = (result.data as any)?.postActivity?.comment?.body as string | undefined;
        if (body !== undefined && !subscriber.received.has(body)) subscriber.received.set(body, at);
      },
      error: (error) => subscriber.errors.push(error),
      complete: () => {},
    },
  );
  return subscriber;
}

/** Runs `work` over `items` with at most `limit` at a time. */
async function pool<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]!, index);
      }
    }),
  );
  return results;
}

interface Stats {
  samples: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  perEventMs: number[];
  /** From the first warm-up comment until every subscriber had received one (registration included). */
  primeMs: number;
}

const platform = await startTestPlatform({ env: { LOG_LEVEL: 'warn' } });
const connections: WsConnection[] = [];
try {
  const url = platform.gatewayUrl;
  const comment = async (who: Session, postId: string, body: string): Promise<void> => {
    const res = await gql(url, ADD_COMMENT, { input: { postId, body } }, { token: who.accessToken });
    if (res.errors) throw new Error(`addComment failed: ${JSON.stringify(res.errors)}`);
  };

  /**
   * Primes the subscribers (comments until every one has received something: all registered),
   * then makes EVENTS comments one at a time, each awaited at every subscriber.
   */
  async function measure(label: string, author: Session, postId: string, subscribers: Subscriber[]): Promise<Stats> {
    const primeStarted = performance.now();
    let primeMs = 0;
    for (let attempt = 1; ; attempt += 1) {
      const body = `${label} warm-up ${attempt}`;
      await comment(author, postId, body);
      const primed = await waitFor(() => subscribers.every((s) => s.received.size > 0), { timeoutMs: 30_000, intervalMs: 20 }).catch(
        () => false,
      );
      const reached = subscribers.filter((s) => s.received.size > 0).length;
      console.log(
        `${label}: warm-up ${attempt}: ${reached}/${subscribers.length} subscribers reached, ${Math.round(performance.now() - primeStarted)} ms`,
      );
      if (primed) {
        primeMs = performance.now() - primeStarted;
        break;
      }
      if (attempt === 5) {
        const missing = subscribers.filter((s) => s.received.size === 0);
        throw new Error(
          `${label}: ${missing.length} subscribers never received anything; errors: ${JSON.stringify(missing[0]?.errors).slice(0, 500)}`,
        );
      }
    }
    const samples: number[] = [];
    const perEventMs: number[] = [];
    const cpuBefore = Object.fromEntries(platform.services.map((s) => [s.name, cpuSeconds(s.pid)]));
    for (let i = 1; i <= EVENTS; i += 1) {
      const body = `${label} event ${i}`;
      await comment(author, postId, body);
      const answered = performance.now();
      await waitFor(() => subscribers.every((s) => s.received.has(body)), { timeoutMs: 120_000, intervalMs: 5 });
      const latencies = subscribers.map((s) => s.received.get(body)! - answered);
      samples.push(...latencies);
      perEventMs.push(Math.max(...latencies));
    }
    const cpu = platform.services
      .map((s) => ({ name: s.name, seconds: cpuSeconds(s.pid) - cpuBefore[s.name]! }))
      .filter((c) => c.seconds >= 0.05)
      .sort((a, b) => b.seconds - a.seconds);
    console.log(`${label}: CPU seconds per comment: ${cpu.map((c) => `${c.name} ${(c.seconds / EVENTS).toFixed(2)}`).join(', ')}`);
    const sorted = [...samples].sort((a, b) => a - b);
    const errors = subscribers.reduce((n, s) => n + s.errors.length, 0);
    if (errors > 0) console.warn(`${label}: ${errors} errors, e.g. ${JSON.stringify(subscribers.find((s) => s.errors.length)?.errors[0])}`);
    return {
      samples: sorted.length,
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      p99: percentile(sorted, 99),
      max: sorted.at(-1)!,
      perEventMs,
      primeMs,
    };
  }

  const started = performance.now();
  const author = await register(url, newPerson('author'));
  const people = await pool(
    Array.from({ length: USERS }, (_, i) => i),
    4,
    (i) => register(url, newPerson(`fan${i}`)),
  );
  const created = await gql(url, CREATE_POST, { input: { body: 'one post, many watchers' } }, { token: author.accessToken });
  if (created.errors) throw new Error(JSON.stringify(created.errors));
  const postId = created.data.createPost.id as string;
  console.log(`set-up: ${USERS + 1} accounts and a post in ${Math.round(performance.now() - started)} ms`);

  // Baseline: one subscriber, alone on the gateway.
  const single = wsConnect(url, people[0]!, 'baseline');
  connections.push(single);
  const lone = subscribe(single.client, postId);
  const baseline = await measure('baseline', author, postId, [lone]);
  lone.dispose();
  await single.dispose();

  // Fan-out: USERS × SUBSCRIPTIONS_PER_USER subscriptions over USERS × CONNECTIONS_PER_USER sockets.
  const subscribers: Subscriber[] = [];
  for (const person of people) {
    const sockets = Array.from({ length: CONNECTIONS_PER_USER }, (_, c) => wsConnect(url, person, `${person.username}#${c}`));
    connections.push(...sockets);
    for (let s = 0; s < SUBSCRIPTIONS_PER_USER; s += 1) subscribers.push(subscribe(sockets[s % CONNECTIONS_PER_USER]!.client, postId));
  }
  const fanOut = await measure('fan-out', author, postId, subscribers);
  console.log(`${subscribers.length} subscriptions registered and primed in ${Math.round(fanOut.primeMs)} ms`);

  const row = (name: string, s: Stats) =>
    `${name.padEnd(24)} ${String(s.samples).padStart(7)} ${s.p50.toFixed(0).padStart(7)} ${s.p95.toFixed(0).padStart(7)} ${s.p99.toFixed(0).padStart(7)} ${s.max.toFixed(0).padStart(7)}`;
  console.log(
    `\n${subscribers.length} subscribers (${USERS} users × ${SUBSCRIPTIONS_PER_USER} subscriptions, ${USERS * CONNECTIONS_PER_USER} WebSocket connections), ${EVENTS} comments, latency from addComment's response to receipt (ms)`,
  );
  console.log(
    `${''.padEnd(24)} ${'samples'.padStart(7)} ${'p50'.padStart(7)} ${'p95'.padStart(7)} ${'p99'.padStart(7)} ${'max'.padStart(7)}`,
  );
  console.log(row('1 subscriber (baseline)', baseline));
  console.log(row(`${subscribers.length} subscribers`, fanOut));
  const ratio = (k: 'p50' | 'p95' | 'p99' | 'max') => (fanOut[k] / baseline[k]).toFixed(1);
  console.log(
    `${'ratio'.padEnd(24)} ${''.padStart(7)} ${`${ratio('p50')}×`.padStart(7)} ${`${ratio('p95')}×`.padStart(7)} ${`${ratio('p99')}×`.padStart(7)} ${`${ratio('max')}×`.padStart(7)}`,
  );
  console.log(`last subscriber reached per comment (ms): ${fanOut.perEventMs.map((ms) => ms.toFixed(0)).join(', ')}`);
} finally {
  for (const connection of connections) await connection.dispose().catch(() => {});
  await platform.stop();
}

import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { startPlatform, type Platform } from '@agora/devstack';
import { gql, tempDir } from '@agora/testing';
import { createLoad, rng, type LoadUser } from './load';

export const ROOT_DIR = resolve(fileURLToPath(new URL('../../..', import.meta.url)));

type Point =
  | 'uow.after-commit-before-publish'
  | 'relay.after-publish-before-mark'
  | 'consumer.after-effect-before-ack'
  | 'consumer.slower-than-ack-wait';
/** Each point on a context that passes through it under the load. */
export const FAULT_POINTS_FOR_CHAOS: { point: Point; context: string }[] = [
  { point: 'uow.after-commit-before-publish', context: 'posts' },
  { point: 'relay.after-publish-before-mark', context: 'social' },
  { point: 'consumer.after-effect-before-ack', context: 'feed' },
  { point: 'consumer.slower-than-ack-wait', context: 'comments' },
];
const ACK_WAIT_MS = 4_000;

type User = LoadUser;

export interface ChaosOptions {
  durationMs: number;
  seed: number;
  points: { point: Point; context: string }[];
  log: (line: string) => void;
}
export interface ChaosReport {
  text: string;
  lost: number;
  duplicated: number;
  kills: number;
  pointsMissing: string[];
}

export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const random = rng(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const data = await tempDir('agora-chaos-');
  const hits = new Map<string, number>();
  const faults = new Map<string, number>();
  const count = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  let recent: string[] = [];
  const platform: Platform = await startPlatform({
    rootDir: ROOT_DIR,
    dataDir: data.path,
    randomPorts: true,
    env: { NODE_ENV: 'test', LOG_LEVEL: 'warn', AGORA_RATE_LIMITS: 'off', AGORA_ACK_WAIT_MS: String(ACK_WAIT_MS) },
    output: (service, line) => {
      const at = line.indexOf('fault point hit: ');
      if (at >= 0) count(hits, line.slice(at + 'fault point hit: '.length).trim());
      recent.push(`[${service}] ${line}`);
      if (recent.length > 300) recent = recent.slice(-200);
    },
    onUnexpectedExit: () => {},
  });
  options.log(`chaos: platform up (seed ${options.seed}), gateway ${platform.gatewayUrl}`);
  const gateway = () => platform.gatewayUrl;

  // ---- load
  const load = createLoad({ gatewayUrl: gateway, random, seed: options.seed });
  const { users, follows, posts, unknownPosts: unknownPostBodies, comments, reactions, commands } = load.record;
  const deadline = Date.now() + options.durationMs;
  load.start(4);

  // ---- fault driver
  const subgraphs = platform.services.map((s) => s.name).filter((name) => name !== 'gateway');
  const waitHit = async (point: string, before: number, timeoutMs: number) => {
    const end = Date.now() + timeoutMs;
    while ((hits.get(point) ?? 0) <= before && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    return (hits.get(point) ?? 0) > before;
  };
  const pointQueue = [...options.points];
  let kills = 0;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  while (Date.now() < deadline) {
    await sleep(1_000 + random() * 3_000);
    if (Date.now() >= deadline) break;
    const usePoint = pointQueue.length > 0 && random() < 0.5;
    try {
      if (usePoint) {
        const { point, context } = pointQueue[0]!;
        const before = hits.get(point) ?? 0;
        await platform.restart(context, { env: { AGORA_FAULT: point }, waitReady: false });
        count(faults, `restart with ${point}`);
        const hit = await waitHit(point, before, 120_000);
        options.log(`chaos: ${context} with ${point}: ${hit ? 'hit' : 'not hit within 120 s'}`);
        if (point === 'consumer.slower-than-ack-wait' && hit) await sleep(ACK_WAIT_MS * 2 + 1_000);
        if (hit) pointQueue.shift();
        else pointQueue.push(pointQueue.shift()!); // try again later
        await platform.restart(context);
        if (point !== 'consumer.slower-than-ack-wait' && hit) kills += 1;
      } else {
        const roll = random();
        if (roll < 0.15 && platform.nats) {
          await platform.nats.kill();
          count(faults, 'kill -9 nats');
          kills += 1;
          await sleep(500 + random() * 2_000);
          await platform.nats.restart();
        } else if (roll < 0.35) {
          await platform.kill('gateway');
          count(faults, 'kill -9 gateway');
          kills += 1;
          await platform.restart('gateway');
        } else {
          const context = pick(subgraphs);
          await platform.kill(context);
          count(faults, `kill -9 ${context}`);
          options.log(`chaos: kill -9 ${context}`);
          kills += 1;
          await platform.restart(context);
        }
      }
    } catch (error) {
      options.log(`chaos: a restart failed: ${(error as Error).message.split('\n')[0]}\n${recent.slice(-20).join('\n')}`);
      throw error;
    }
  }
  await load.stop();
  options.log('chaos: load stopped; every process up; checking invariants (waiting for the system to settle)');
  for (const service of platform.services) if (platform.pidOf(service.name) === undefined) await platform.restart(service.name);

  // ---- invariants (each re-evaluated until it holds or the settle time is over)
  const problems: string[] = [];
  let lost = 0;
  let duplicated = 0;
  const settle = async <T>(name: string, evaluate: () => Promise<{ lost: number; duplicated: number; detail: string } & T>) => {
    const end = Date.now() + 120_000;
    let last: { lost: number; duplicated: number; detail: string };
    for (;;) {
      try {
        last = await evaluate();
      } catch (error) {
        last = { lost: 1, duplicated: 0, detail: `could not check: ${(error as Error).message}` };
      }
      if ((last.lost === 0 && last.duplicated === 0) || Date.now() > end) break;
      await sleep(500);
    }
    lost += last.lost;
    duplicated += last.duplicated;
    if (last.lost || last.duplicated) problems.push(`${name}: ${last.detail}`);
  };
  const q = async (query: string, variables: Record<string, unknown> = {}, token?: string) => {
    const res = await gql(gateway(), query, variables, token ? { token } : {});
    if (res.errors) throw new Error(JSON.stringify(res.errors).slice(0, 300));
    return res.data;
  };

  await settle('profiles', async () => {
    let missing = 0;
    for (const user of users) {
      const d = await q('query($u: String!) { user(username: $u) { id username displayName } }', { u: user.username });
      if (!d.user || d.user.id !== user.id || !d.user.displayName) missing += 1;
    }
    return { lost: missing, duplicated: 0, detail: `${missing} acknowledged registrations without a user/profile` };
  });

  await settle('follows', async () => {
    let missing = 0;
    let dup = 0;
    for (const [followerId, entry] of follows) {
      const user = users.find((u) => u.id === followerId)!;
      const d = await q('query($u: String!) { user(username: $u) { followingCount following(first: 100) { edges { node { id } } } } }', {
        u: user.username,
      });
      const ids: string[] = d.user.following.edges.map((e: any) => e.node.id);
      const distinct = new Set(ids);
      dup += ids.length - distinct.size;
      if (d.user.followingCount !== ids.length) dup += Math.max(0, d.user.followingCount - ids.length);
      for (const id of entry.acked) if (!distinct.has(id)) missing += 1;
      for (const id of distinct) if (!entry.acked.has(id) && !entry.unknown.has(id)) dup += 1;
    }
    return { lost: missing, duplicated: dup, detail: `missing ${missing}, extra or duplicated ${dup}` };
  });

  await settle('posts', async () => {
    let missing = 0;
    let dup = 0;
    const byAuthor = new Map<string, User>();
    for (const { author } of posts.values()) byAuthor.set(author.id, author);
    for (const author of unknownPostBodies.values()) byAuthor.set(author.id, author);
    for (const author of byAuthor.values()) {
      const d = await q('query($u: String!) { user(username: $u) { posts(first: 100) { edges { node { id body } } } } }', {
        u: author.username,
      });
      const nodes: { id: string; body: string }[] = d.user.posts.edges.map((e: any) => e.node);
      const bodies = nodes.map((n) => n.body);
      dup += bodies.length - new Set(bodies).size;
      const ids = new Set(nodes.map((n) => n.id));
      for (const [id, post] of posts) if (post.author === author && !ids.has(id)) missing += 1;
    }
    return { lost: missing, duplicated: dup, detail: `missing ${missing}, duplicated ${dup}` };
  });

  await settle('comment counts', async () => {
    let missing = 0;
    let dup = 0;
    for (const [postId, entry] of comments) {
      const d = await q('query($id: ID!) { post(id: $id) { commentCount } }', { id: postId });
      const n = d.post.commentCount as number;
      if (n < entry.acked.size) missing += entry.acked.size - n;
      if (n > entry.acked.size + entry.unknown.size) dup += n - entry.acked.size - entry.unknown.size;
    }
    return { lost: missing, duplicated: dup, detail: `missing ${missing}, extra ${dup}` };
  });

  await settle('reaction totals', async () => {
    let missing = 0;
    let dup = 0;
    for (const [postId, entry] of reactions) {
      const d = await q('query($id: ID!) { post(id: $id) { reactions { kind count } } }', { id: postId });
      const like = (d.post.reactions as { kind: string; count: number }[]).find((r) => r.kind === 'LIKE')?.count ?? 0;
      const known = new Set([...entry.acked]);
      const possible = new Set([...entry.acked, ...entry.unknown]);
      if (like < known.size) missing += known.size - like;
      if (like > possible.size) dup += like - possible.size;
    }
    return { lost: missing, duplicated: dup, detail: `missing ${missing}, extra ${dup}` };
  });

  await settle('follow notifications', async () => {
    // Each acknowledged follow notifies the followee once (notifications' replica of the follow).
    let missing = 0;
    let dup = 0;
    const expected = new Map<string, { acked: Set<string>; possible: Set<string> }>();
    for (const [followerId, entry] of follows) {
      for (const id of entry.acked) {
        const e = expected.get(id) ?? { acked: new Set(), possible: new Set() };
        e.acked.add(followerId);
        e.possible.add(followerId);
        expected.set(id, e);
      }
      for (const id of entry.unknown) {
        const e = expected.get(id) ?? { acked: new Set(), possible: new Set() };
        e.possible.add(followerId);
        expected.set(id, e);
      }
    }
    for (const [followeeId, e] of expected) {
      const user = users.find((u) => u.id === followeeId)!;
      const d = await q('{ notifications(first: 100) { edges { node { kind actor { id } } } } }', {}, user.token);
      const followers: string[] = d.notifications.edges
        .filter((edge: any) => edge.node.kind === 'FOLLOWED')
        .map((edge: any) => edge.node.actor.id);
      dup += followers.length - new Set(followers).size;
      for (const id of e.acked) if (!followers.includes(id)) missing += 1;
      for (const id of new Set(followers)) if (!e.possible.has(id)) dup += 1;
    }
    return { lost: missing, duplicated: dup, detail: `missing ${missing}, duplicated ${dup}` };
  });

  // Outboxes and the DLQ, through NATS: nothing dead-lettered, nothing pending.
  let dlq = -1;
  let pending = -1;
  {
    const creds = platform.natsCredentials?.admin;
    const nc = await connect({ servers: platform.natsUrl, ...(creds ? { user: creds.user, pass: creds.pass } : {}) });
    const jsm = await jetstreamManager(nc);
    const end = Date.now() + 120_000;
    for (;;) {
      dlq = 0;
      pending = 0;
      for await (const stream of jsm.streams.list()) {
        if (stream.config.name.startsWith('DLQ')) dlq += stream.state.messages;
        else for await (const c of jsm.consumers.list(stream.config.name)) pending += c.num_pending + c.num_ack_pending;
      }
      if (pending === 0 || Date.now() > end) break;
      await sleep(500);
    }
    await nc.close();
    if (dlq > 0) problems.push(`DLQ: ${dlq} dead-lettered messages`);
    if (pending > 0) problems.push(`consumers: ${pending} messages still pending`);
  }

  await platform.stop();
  await data.remove();

  const pointsMissing = options.points.map((p) => p.point).filter((p) => !hits.get(p));
  const lines = [
    '',
    '=== chaos report ===',
    `seed ${options.seed}, ${Math.round(options.durationMs / 1000)} s of load, backend pglite`,
    'commands (acked / unknown / refused):',
  ];
  for (const [kind, row] of commands) lines.push(`  ${kind.padEnd(9)} ${row.acked} / ${row.unknown} / ${row.refused}`);
  lines.push(`faults injected (${kills} real kills):`);
  for (const [kind, n] of [...faults].sort()) lines.push(`  ${kind}: ${n}`);
  lines.push('fault points hit:');
  for (const point of options.points) lines.push(`  ${point.point}: ${hits.get(point.point) ?? 0}`);
  lines.push(`DLQ messages: ${dlq}, consumer messages pending: ${pending}`);
  for (const problem of problems) lines.push(`PROBLEM ${problem}`);
  lines.push(`lost ${lost}`, `duplicated ${duplicated}`);
  if (pointsMissing.length) lines.push(`fault points never hit: ${pointsMissing.join(', ')}`);
  return { text: lines.join('\n'), lost: lost + (dlq > 0 ? dlq : 0), duplicated, kills, pointsMissing };
}

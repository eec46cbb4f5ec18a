/**
 * The invariants of a run, checked against what the load recorded (`LoadRecord`): every
 * acknowledged command's effect exists exactly once in every context that should have it; a
 * command whose outcome is unknown at most once; nothing that was never asked for.
 *
 * - `checkThroughGateway`: what a client sees (profiles, follows, posts, timelines, comments and
 *   comment counts, reaction totals, notifications), each re-evaluated until it holds or the
 *   settle time is over (the system converges; a condition, not a sleep).
 * - `checkDatabases`: each context's own database, read directly once its process is stopped
 *   (PGlite has one owner) or while it runs (Postgres): outbox rows never published, inbox rows
 *   twice, the follow replicas.
 */
import { graphql, inBlock, type LoadRecord, type LoadUser } from './load';

export interface InvariantResult {
  name: string;
  lost: number;
  duplicated: number;
  /** How many individual facts were compared (so a report shows the check did something). */
  checked: number;
  detail: string;
}

type Evaluation = Omit<InvariantResult, 'name'>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function settle(name: string, timeoutMs: number, evaluate: () => Promise<Evaluation>): Promise<InvariantResult> {
  const end = Date.now() + timeoutMs;
  let last: Evaluation;
  for (;;) {
    try {
      last = await evaluate();
    } catch (error) {
      last = { lost: 1, duplicated: 0, checked: 0, detail: `could not check: ${(error as Error).message.slice(0, 300)}` };
    }
    if ((last.lost === 0 && last.duplicated === 0) || Date.now() > end) break;
    await sleep(1_000);
  }
  return { name, ...last };
}

/** Counts per value. */
function tally<T>(values: T[]): Map<T, number> {
  const map = new Map<T, number>();
  for (const value of values) map.set(value, (map.get(value) ?? 0) + 1);
  return map;
}

export interface GatewayCheckOptions {
  gatewayUrl: string;
  /** How long each invariant may take to converge; default 180 s. */
  settleTimeoutMs?: number;
  log?: (line: string) => void;
}

export async function checkThroughGateway(record: LoadRecord, options: GatewayCheckOptions): Promise<InvariantResult[]> {
  const timeoutMs = options.settleTimeoutMs ?? 180_000;
  const q = async (query: string, variables: Record<string, unknown> = {}, token?: string) => {
    const res = await graphql(options.gatewayUrl, query, variables, { ...(token ? { token } : {}), timeoutMs: 60_000 });
    if (res.errors) throw new Error(JSON.stringify(res.errors).slice(0, 300));
    return res.data;
  };
  /** Every node of a connection, page by page (`$after` in the query; `at` finds the connection). */
  const all = async <N>(query: string, variables: Record<string, unknown>, at: (data: any) => any, token?: string): Promise<N[]> => {
    const nodes: N[] = [];
    let after: string | null = null;
    for (let page = 0; page < 200; page++) {
      const connection = at(await q(query, { ...variables, after }, token));
      for (const edge of connection.edges) nodes.push(edge.node as N);
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    return nodes;
  };
  const byId = new Map(record.users.map((u) => [u.id, u]));
  const results: InvariantResult[] = [];
  const run = async (name: string, evaluate: () => Promise<Evaluation>) => {
    const result = await settle(name, timeoutMs, evaluate);
    options.log?.(
      `chaos: invariant ${name}: ${result.lost || result.duplicated ? `FAILS (${result.detail})` : `holds (${result.checked} checked)`}`,
    );
    results.push(result);
  };

  /** follower → followees that must / may exist, blocks left out (a block removes follows both ways). */
  const followsOf = (followerId: string) => {
    const entry = record.follows.get(followerId);
    const acked = new Set([...(entry?.acked ?? [])].filter((id) => !inBlock(record, followerId, id)));
    const possible = new Set([...acked, ...[...(entry?.unknown ?? [])].filter((id) => !inBlock(record, followerId, id))]);
    return { acked, possible };
  };

  await run('profiles', async () => {
    let missing = 0;
    for (const user of record.users) {
      const d = await q('query($u: String!) { user(username: $u) { id username displayName } }', { u: user.username });
      if (!d.user || d.user.id !== user.id || !d.user.displayName) missing += 1;
    }
    return {
      lost: missing,
      duplicated: 0,
      checked: record.users.length,
      detail: `${missing} acknowledged registrations without a user/profile`,
    };
  });

  await run('follows', async () => {
    let missing = 0;
    let dup = 0;
    let checked = 0;
    for (const followerId of record.follows.keys()) {
      const user = byId.get(followerId)!;
      const { acked, possible } = followsOf(followerId);
      const count = await q('query($u: String!) { user(username: $u) { followingCount } }', { u: user.username });
      const ids = (
        await all<{ id: string }>(
          'query($u: String!, $after: String) { user(username: $u) { following(first: 100, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } } }',
          { u: user.username },
          (d) => d.user.following,
        )
      ).map((n) => n.id);
      const distinct = new Set(ids);
      dup += ids.length - distinct.size;
      if (count.user.followingCount > distinct.size) dup += count.user.followingCount - distinct.size;
      if (count.user.followingCount < distinct.size) missing += distinct.size - count.user.followingCount;
      for (const id of acked) if (!distinct.has(id)) missing += 1;
      for (const id of distinct) if (!possible.has(id) && !inBlock(record, followerId, id)) dup += 1;
      checked += acked.size;
    }
    return { lost: missing, duplicated: dup, checked, detail: `missing ${missing}, extra or duplicated ${dup} (followingCount included)` };
  });

  // Authors' post lists, read once per evaluation: also the ground truth of unknown posts for the timelines.
  const authors = new Map<string, LoadUser>();
  for (const { author } of record.posts.values()) authors.set(author.id, author);
  for (const author of record.unknownPosts.values()) authors.set(author.id, author);
  const postsOf = async (author: LoadUser) =>
    all<{ id: string; body: string }>(
      'query($u: String!, $after: String) { user(username: $u) { posts(first: 100, after: $after) { edges { node { id body } } pageInfo { hasNextPage endCursor } } } }',
      { u: author.username },
      (d) => d.user.posts,
    );

  const ackedPostBodies = new Set([...record.posts.values()].map((p) => p.body));
  await run('posts', async () => {
    let missing = 0;
    let dup = 0;
    for (const author of authors.values()) {
      const nodes = await postsOf(author);
      const bodies = tally(nodes.map((n) => n.body));
      for (const n of bodies.values()) dup += n - 1;
      const ids = new Set(nodes.map((n) => n.id));
      for (const [id, post] of record.posts) if (post.author.id === author.id && !ids.has(id)) missing += 1;
      for (const body of bodies.keys()) if (!ackedPostBodies.has(body) && !record.unknownPosts.has(body)) dup += 1;
    }
    return { lost: missing, duplicated: dup, checked: record.posts.size, detail: `missing ${missing}, duplicated or extra ${dup}` };
  });

  await run('timelines', async () => {
    // Every user's feed: their own posts and those of whom they follow, each exactly once.
    let missing = 0;
    let dup = 0;
    let checked = 0;
    // Post bodies that exist (acked + unknown that happened), by author.
    const existing = new Map<string, Set<string>>();
    for (const author of authors.values()) existing.set(author.id, new Set((await postsOf(author)).map((n) => n.body)));
    const ackedBodies = new Map<string, Set<string>>();
    for (const post of record.posts.values()) {
      const set = ackedBodies.get(post.author.id) ?? new Set();
      set.add(post.body);
      ackedBodies.set(post.author.id, set);
    }
    for (const user of record.users) {
      const { acked, possible } = followsOf(user.id);
      const mustAuthors = [user.id, ...acked];
      const mayAuthors = new Set([user.id, ...possible]);
      if (!mustAuthors.some((id) => ackedBodies.has(id)) && ![...mayAuthors].some((id) => existing.has(id))) continue;
      const nodes = await all<{ body: string; author: { id: string } }>(
        'query($after: String) { feed(first: 100, after: $after) { edges { node { body author { id } } } pageInfo { hasNextPage endCursor } } }',
        {},
        (d) => d.feed,
        user.token,
      );
      const seen = tally(nodes.map((n) => n.body));
      for (const n of seen.values()) dup += n - 1;
      for (const authorId of mustAuthors)
        for (const body of ackedBodies.get(authorId) ?? []) {
          checked += 1;
          if (!seen.has(body)) missing += 1;
        }
      for (const node of nodes) {
        const mayHave = mayAuthors.has(node.author.id) && (existing.get(node.author.id)?.has(node.body) ?? false);
        if (!mayHave && !inBlock(record, user.id, node.author.id)) dup += 1;
      }
    }
    return { lost: missing, duplicated: dup, checked, detail: `missing ${missing} (post, follower) entries, duplicated or extra ${dup}` };
  });

  await run('comments', async () => {
    // The comments themselves, and posts' replica of their count (commentCount).
    let missing = 0;
    let dup = 0;
    let checked = 0;
    for (const [postId, entry] of record.comments) {
      const count = (await q('query($id: ID!) { post(id: $id) { commentCount } }', { id: postId })).post.commentCount as number;
      const bodies = tally(
        (
          await all<{ body: string }>(
            'query($id: ID!, $after: String) { post(id: $id) { comments(first: 100, after: $after) { edges { node { body } } pageInfo { hasNextPage endCursor } } } }',
            { id: postId },
            (d) => d.post.comments,
          )
        ).map((n) => n.body),
      );
      for (const n of bodies.values()) dup += n - 1;
      for (const body of entry.acked.keys()) {
        checked += 1;
        if (!bodies.has(body)) missing += 1;
      }
      for (const body of bodies.keys()) if (!entry.acked.has(body) && !entry.unknown.has(body)) dup += 1;
      // The count must equal the comments that exist.
      const exist = [...bodies.values()].reduce((a, b) => a + b, 0);
      if (count < exist) missing += exist - count;
      if (count > exist) dup += count - exist;
    }
    return {
      lost: missing,
      duplicated: dup,
      checked,
      detail: `missing ${missing}, duplicated or extra ${dup} (commentCount = comments included)`,
    };
  });

  await run('reaction totals', async () => {
    let missing = 0;
    let dup = 0;
    let checked = 0;
    for (const [postId, entry] of record.reactions) {
      const d = await q('query($id: ID!) { post(id: $id) { reactions { kind count } } }', { id: postId });
      const like = (d.post.reactions as { kind: string; count: number }[]).find((r) => r.kind === 'LIKE')?.count ?? 0;
      const possible = new Set([...entry.acked, ...entry.unknown]);
      checked += entry.acked.size;
      if (like < entry.acked.size) missing += entry.acked.size - like;
      if (like > possible.size) dup += like - possible.size;
    }
    return { lost: missing, duplicated: dup, checked, detail: `missing ${missing}, extra ${dup}` };
  });

  await run('notifications', async () => {
    // FOLLOWED per follow, COMMENTED per comment on someone else's post, REACTED per first reaction
    // of someone else to a post: each once, for the recipient; pairs in a block left out.
    let missing = 0;
    let dup = 0;
    let checked = 0;
    interface Expect {
      followed: { acked: Set<string>; possible: Set<string> };
      commented: { acked: Set<string>; possible: Set<string> }; // comment bodies
      reacted: { acked: Set<string>; possible: Set<string> }; // `${postId}:${actorId}`
    }
    const expect = new Map<string, Expect>();
    const of = (id: string) => {
      let e = expect.get(id);
      if (!e) {
        e = {
          followed: { acked: new Set(), possible: new Set() },
          commented: { acked: new Set(), possible: new Set() },
          reacted: { acked: new Set(), possible: new Set() },
        };
        expect.set(id, e);
      }
      return e;
    };
    for (const followerId of record.follows.keys()) {
      const { acked, possible } = followsOf(followerId);
      for (const id of acked) of(id).followed.acked.add(followerId);
      for (const id of possible) of(id).followed.possible.add(followerId);
    }
    for (const [postId, entry] of record.comments) {
      const author = record.posts.get(postId)!.author.id;
      for (const [body, by] of entry.acked) if (by !== author && !inBlock(record, by, author)) of(author).commented.acked.add(body);
      for (const [body, by] of [...entry.acked, ...entry.unknown])
        if (by !== author && !inBlock(record, by, author)) of(author).commented.possible.add(body);
    }
    for (const [postId, entry] of record.reactions) {
      const author = record.posts.get(postId)!.author.id;
      for (const by of entry.acked) if (by !== author && !inBlock(record, by, author)) of(author).reacted.acked.add(`${postId}:${by}`);
      for (const by of [...entry.acked, ...entry.unknown])
        if (by !== author && !inBlock(record, by, author)) of(author).reacted.possible.add(`${postId}:${by}`);
    }
    for (const [recipientId, e] of expect) {
      const user = byId.get(recipientId)!;
      const nodes = await all<{ kind: string; actor: { id: string }; post: { id: string } | null; comment: { body: string } | null }>(
        'query($after: String) { notifications(first: 100, after: $after) { edges { node { kind actor { id } post { id } comment { body } } } pageInfo { hasNextPage endCursor } } }',
        {},
        (d) => d.notifications,
        user.token,
      );
      const compare = (keys: string[], expected: { acked: Set<string>; possible: Set<string> }) => {
        const seen = tally(keys);
        for (const n of seen.values()) dup += n - 1;
        for (const key of expected.acked) {
          checked += 1;
          if (!seen.has(key)) missing += 1;
        }
        for (const key of seen.keys()) if (!expected.possible.has(key)) dup += 1;
      };
      compare(
        nodes.filter((n) => n.kind === 'FOLLOWED' && !inBlock(record, n.actor.id, recipientId)).map((n) => n.actor.id),
        e.followed,
      );
      compare(
        nodes.filter((n) => n.kind === 'COMMENTED' && !inBlock(record, n.actor.id, recipientId)).map((n) => n.comment?.body ?? '?'),
        e.commented,
      );
      compare(
        nodes.filter((n) => n.kind === 'REACTED' && !inBlock(record, n.actor.id, recipientId)).map((n) => `${n.post?.id}:${n.actor.id}`),
        e.reacted,
      );
    }
    return {
      lost: missing,
      duplicated: dup,
      checked,
      detail: `missing ${missing}, duplicated or extra ${dup} (FOLLOWED, COMMENTED, REACTED)`,
    };
  });

  return results;
}

/** One context's database, read directly. */
export interface ContextDatabase {
  context: string;
  query<T = Record<string, unknown>>(sql: string): Promise<T[]>;
}

/**
 * Outbox rows never published (0 in every context once the run settled), inbox rows twice for one
 * (consumer, event) (impossible by its primary key, which is checked too), and every context's
 * replica of the follows (`social_follow`, active rows) = the acknowledged follows, at most the
 * unknown ones besides.
 */
export async function checkDatabases(
  record: LoadRecord,
  dbs: ContextDatabase[],
): Promise<{ results: InvariantResult[]; stuckInOutbox: number }> {
  let stuck = 0;
  let inboxDup = 0;
  let inboxRows = 0;
  let outboxRows = 0;
  const outboxDetail: string[] = [];
  const inboxDetail: string[] = [];
  const replica = { lost: 0, duplicated: 0, checked: 0, detail: [] as string[] };
  const ackedFollows = new Set<string>();
  const possibleFollows = new Set<string>();
  for (const [follower, entry] of record.follows) {
    for (const id of entry.acked) if (!inBlock(record, follower, id)) ackedFollows.add(`${follower}:${id}`);
    for (const id of [...entry.acked, ...entry.unknown]) if (!inBlock(record, follower, id)) possibleFollows.add(`${follower}:${id}`);
  }
  for (const db of dbs) {
    const tables = new Set(
      (await db.query<{ t: string }>(`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = current_schema()`)).map(
        (r) => r.t,
      ),
    );
    if (tables.has('outbox')) {
      const [row] = await db.query<{ n: number; total: number }>(
        `SELECT count(*) FILTER (WHERE published_at IS NULL)::int AS n, count(*)::int AS total FROM outbox`,
      );
      stuck += row!.n;
      outboxRows += row!.total;
      if (row!.n > 0) outboxDetail.push(`${db.context}: ${row!.n} unpublished`);
    }
    if (tables.has('inbox')) {
      const [pk] = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_constraint WHERE conrelid = 'inbox'::regclass AND contype = 'p'`,
      );
      if (pk!.n !== 1) {
        inboxDup += 1;
        inboxDetail.push(`${db.context}: inbox has no primary key`);
      }
      const [row] = await db.query<{ n: number; total: number }>(
        `SELECT (SELECT count(*)::int FROM (SELECT 1 FROM inbox GROUP BY consumer, event_id HAVING count(*) > 1) d) AS n, (SELECT count(*)::int FROM inbox) AS total`,
      );
      inboxDup += row!.n;
      inboxRows += row!.total;
      if (row!.n > 0) inboxDetail.push(`${db.context}: ${row!.n} (consumer, event) twice`);
    }
    const followTable = db.context === 'social' ? undefined : tables.has('social_follow') ? 'social_follow' : undefined;
    if (followTable) {
      const users = new Set(record.users.map((u) => u.id));
      const rows = await db.query<{ a: string; b: string }>(
        `SELECT follower_id::text AS a, followee_id::text AS b FROM social_follow WHERE active`,
      );
      const have = new Set(rows.filter((r) => users.has(r.a) || users.has(r.b)).map((r) => `${r.a}:${r.b}`));
      let lost = 0;
      let dup = 0;
      for (const key of ackedFollows) if (!have.has(key)) lost += 1;
      for (const key of have) {
        const [a, b] = key.split(':') as [string, string];
        if (!possibleFollows.has(key) && !inBlock(record, a, b)) dup += 1;
      }
      replica.lost += lost;
      replica.duplicated += dup;
      replica.checked += ackedFollows.size;
      if (lost || dup) replica.detail.push(`${db.context}: missing ${lost}, extra ${dup}`);
    }
  }
  return {
    stuckInOutbox: stuck,
    results: [
      {
        name: 'outboxes (database)',
        lost: stuck,
        duplicated: 0,
        checked: outboxRows,
        detail: outboxDetail.join('; ') || 'every outbox row published',
      },
      {
        name: 'inboxes (database)',
        lost: 0,
        duplicated: inboxDup,
        checked: inboxRows,
        detail: inboxDetail.join('; ') || 'no (consumer, event) twice',
      },
      {
        name: 'follow replicas (database)',
        lost: replica.lost,
        duplicated: replica.duplicated,
        checked: replica.checked,
        detail: replica.detail.join('; ') || 'every replica = the acknowledged follows',
      },
    ],
  };
}

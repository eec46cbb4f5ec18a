/**
 * The abuse suite (issue #15 item 6): graphql-cop's checks and more, against the real gateway in
 * PRODUCTION mode in front of every real subgraph. Each case asserts the refusal (HTTP status +
 * `extensions.code`/`reason`) AND that no subgraph received a request: every subgraph URL the
 * gateway routes to is a tiny counting HTTP proxy in front of the context.
 *
 * One start: the contexts in this process on in-memory PGlite (as in-process-platform.ts does,
 * which does not expose their URLs), one NATS, one production gateway. Limits are read from
 * the gateway's own REQUEST_LIMITS, not copied.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startNats, tempDir, type NatsServer, type TempDir } from '@agora/testing';
import { startGateway, type RunningGateway } from '@agora/gateway/app';
import { loadGatewayConfig } from '@agora/gateway/config';
import { LIMIT_REASONS, REQUEST_LIMITS } from '@agora/gateway/limits';
import { SUBGRAPHS } from './registry';
import { ROOT_DIR } from './support';

interface RunningContextLike {
  url: string;
  stop(): Promise<void>;
}
type ZodLike = { safeParse(value: unknown): { success: boolean; data?: unknown; error?: unknown } };
type StartFunction = (config: unknown, overrides: Record<string, unknown>) => Promise<RunningContextLike>;

async function contextModules(dir: string): Promise<{ schema: ZodLike; start: StartFunction }> {
  const config: Record<string, unknown> = await import(join(ROOT_DIR, dir, 'src/config.ts'));
  const app: Record<string, unknown> = await import(join(ROOT_DIR, dir, 'src/app.ts'));
  const schemas = Object.values(config).filter((v): v is ZodLike => typeof (v as ZodLike | undefined)?.safeParse === 'function');
  const starts = Object.entries(app).filter(([name, v]) => /^start[A-Z]/.test(name) && typeof v === 'function');
  if (schemas.length !== 1 || starts.length !== 1) throw new Error(`${dir}: expected one config schema and one start function`);
  return { schema: schemas[0]!, start: starts[0]![1] as StartFunction };
}

/** Counts every request, then forwards it unchanged to `target`. */
async function countingProxy(target: string): Promise<{ url: string; count: () => number; close: () => Promise<void> }> {
  let count = 0;
  const targetUrl = new URL(target);
  const server: Server = createServer(async (req: IncomingMessage, res) => {
    count += 1;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined || ['host', 'connection', 'content-length', 'transfer-encoding'].includes(name)) continue;
      headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    try {
      const upstream = await fetch(new URL(req.url ?? '/', targetUrl.origin), {
        method: req.method,
        headers,
        body: req.method === 'GET' || req.method === 'HEAD' ? undefined : Buffer.concat(chunks),
      });
      res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
      res.end(Buffer.from(await upstream.arrayBuffer()));
    } catch {
      res.writeHead(502).end();
    }
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}${targetUrl.pathname}`,
    count: () => count,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

interface Answer {
  status: number;
  raw: string;
  body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] } | undefined;
}

describe('abuse suite: a production gateway refuses before any subgraph is called', () => {
  let nats: NatsServer;
  let data: TempDir;
  const contexts: RunningContextLike[] = [];
  const proxies: Awaited<ReturnType<typeof countingProxy>>[] = [];
  let gateway: RunningGateway;
  let startedIn = 0;

  beforeAll(async () => {
    const t0 = performance.now();
    nats = await startNats();
    data = await tempDir('agora-abuse-');
    const secret = 'abuse-suite-secret-0123456789abcdef0123456789';
    const gatewayPort = await freePort();
    const urls: Record<string, string> = {};
    for (const subgraph of SUBGRAPHS) {
      const { schema, start } = await contextModules(subgraph.dir);
      const prefix = subgraph.name.toUpperCase();
      const parsed = schema.safeParse({
        [`${prefix}_PORT`]: String(await freePort()),
        HOST: '127.0.0.1',
        DATA_DIR: data.path,
        NATS_URL: nats.url,
        AGORA_INTERNAL_SECRET: secret,
        LOG_LEVEL: 'silent',
        NODE_ENV: 'test',
        MEDIA_PUBLIC_URL: `http://127.0.0.1:${gatewayPort}`,
        AGORA_PUBLIC_URL: `http://127.0.0.1:${gatewayPort}`,
        AGORA_RATE_LIMITS: 'off',
      });
      if (!parsed.success) throw new Error(`${subgraph.name}: config rejected: ${String(parsed.error)}`);
      const context = await start(parsed.data, { database: { memory: true } });
      contexts.push(context);
      const proxy = await countingProxy(context.url);
      proxies.push(proxy);
      urls[`${prefix}_URL`] = proxy.url;
      if (subgraph.name === 'identity') urls.IDENTITY_JWKS_URL = `${new URL(context.url).origin}/.well-known/jwks.json`;
    }
    gateway = await startGateway(
      loadGatewayConfig({
        NODE_ENV: 'production',
        GATEWAY_PORT: String(gatewayPort),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        AGORA_INTERNAL_SECRET: secret,
        NATS_URL: nats.url,
        ...urls,
      }),
    );
    await gateway.ready;
    startedIn = performance.now() - t0;
  });

  afterAll(async () => {
    await gateway?.close();
    for (const context of contexts.reverse()) await context.stop();
    await Promise.all(proxies.map((p) => p.close()));
    await data?.remove();
    await nats?.stop();
    console.log(`abuse suite: platform started in ${Math.round(startedIn)} ms`);
  });

  const subgraphCalls = () => proxies.reduce((sum, p) => sum + p.count(), 0);

  /** Sends a raw request; asserts that no subgraph was called and that nothing internal leaked. */
  async function send(init: { method?: string; headers?: Record<string, string>; body?: string; query?: string }): Promise<Answer> {
    const before = subgraphCalls();
    const url = init.query === undefined ? gateway.url : `${gateway.url}?${init.query}`;
    const response = await fetch(url, { method: init.method ?? 'POST', headers: init.headers, body: init.body });
    const raw = await response.text();
    let body: Answer['body'];
    try {
      body = JSON.parse(raw);
    } catch {
      body = undefined;
    }
    // Give a request that did slip through to a subgraph time to arrive at the proxy.
    await new Promise((resolve) => setImmediate(resolve));
    expect(subgraphCalls(), 'a subgraph was called').toBe(before);
    expect(raw).not.toMatch(/stacktrace|\bat .+\.(?:ts|js):\d+|node_modules|\/work\//);
    return { status: response.status, raw, body };
  }
  const post = (payload: unknown, headers: Record<string, string> = {}) =>
    send({ headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(payload) });
  const firstError = (answer: Answer) => answer.body?.errors?.[0];

  it('counts subgraph calls: an ordinary query does reach a subgraph (the proxies are in the path)', async () => {
    const before = subgraphCalls();
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ user(username: "nobody_here") { id } }' }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { user: null } });
    expect(subgraphCalls()).toBeGreaterThan(before);
  });

  it('refuses alias overloading (more aliases than the limit)', async () => {
    const aliases = Array.from({ length: REQUEST_LIMITS.maxAliases + 1 }, (_, i) => `a${i}: me { id }`).join(' ');
    const answer = await post({ query: `{ ${aliases} }` });
    expect(answer.status).toBe(400);
    expect(firstError(answer)?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: LIMIT_REASONS.aliases });
  });

  it('refuses batched requests (an array body)', async () => {
    const answer = await post([{ query: '{ me { id } }' }, { query: '{ me { id } }' }]);
    expect(answer.status).toBe(400);
    expect(firstError(answer)?.extensions).toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('refuses field duplication (the same field repeated until the token limit)', async () => {
    const answer = await post({ query: `{ me { ${'id '.repeat(REQUEST_LIMITS.maxTokens)} } }` });
    expect(answer.status).toBe(400);
    expect(firstError(answer)?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: LIMIT_REASONS.tokens });
  });

  it("refuses graphql-cop's field duplication (500 × __typename, under the token limit)", async () => {
    const answer = await post({ query: `{ ${'__typename '.repeat(500)} }` });
    expect(answer.status).toBe(400);
    expect(firstError(answer)?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: LIMIT_REASONS.fieldRepeats });
  });

  it('refuses directive overloading', async () => {
    const directives = '@skip(if: false) '.repeat(REQUEST_LIMITS.maxDirectives + 1);
    const answer = await post({ query: `{ me ${directives} { id } }` });
    expect(answer.status).toBe(400);
    expect(firstError(answer)?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: LIMIT_REASONS.directives });
  });

  it('refuses circular fragments', async () => {
    const answer = await post({ query: 'query { ...A } fragment A on Query { me { id } ...B } fragment B on Query { ...A }' });
    expect(answer.status).toBe(400);
    expect(firstError(answer)?.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED' });
  });

  it.each([
    ['__schema', '{ __schema { queryType { name } types { name } } }'],
    ['__type', '{ __type(name: "User") { fields { name } } }'],
  ])('refuses introspection (%s) in production', async (_label, query) => {
    const answer = await post({ query });
    expect(answer.status).toBe(400);
    expect(firstError(answer)?.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED' });
    expect(answer.raw).not.toContain('username');
  });

  it.each([
    ['a field', '{ me { usernam } }', /username/],
    ['an argument', '{ user(usernam: "x") { id } }', /"username"/],
    ['a type', 'query ($n: Strin) { user(username: $n) { id } }', /"String"/],
  ])('suggests no %s in production', async (_label, query, leak) => {
    const answer = await post({ query });
    expect(answer.status).toBe(400);
    expect(firstError(answer)?.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED' });
    expect(answer.raw).not.toMatch(/Did you mean/);
    expect(firstError(answer)?.message).not.toMatch(leak);
  });

  it.each([
    ['in a literal', 'mutation { react(input: { subjectId: "01900000-0000-7000-8000-000000000001", kind: LIK }) }', {}],
    [
      'in a variable',
      'mutation ($k: ReactionKind!) { react(input: { subjectId: "01900000-0000-7000-8000-000000000001", kind: $k }) }',
      { k: 'LIK' },
    ],
  ])('suggests no enum value %s in production', async (_label, query, variables) => {
    const answer = await post({ query, variables });
    expect(answer.status).toBe(400);
    expect(['GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT']).toContain(firstError(answer)?.extensions?.code);
    expect(firstError(answer)?.message).toContain('"LIK"');
    expect(answer.raw).not.toMatch(/Did you mean|"LIKE"/);
  });

  it('refuses a mutation over GET (even with the preflight header)', async () => {
    const query = encodeURIComponent('mutation { logout(input: { refreshToken: "x" }) }');
    const answer = await send({ method: 'GET', query: `query=${query}`, headers: { 'apollo-require-preflight': 'true' } });
    expect(answer.status).toBe(405);
    expect(firstError(answer)?.extensions).toMatchObject({ code: 'BAD_REQUEST' });
  });

  it.each([
    ['POST text/plain', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ query: '{ me { id } }' }) }],
    [
      'POST application/x-www-form-urlencoded',
      { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'query=%7B%20me%20%7B%20id%20%7D%20%7D' },
    ],
    ['POST multipart/form-data', { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: '--x--' }],
    ['GET without a preflight header', { method: 'GET', query: `query=${encodeURIComponent('{ me { id } }')}` }],
  ])('refuses a CSRF-able simple request: %s', async (_label, init) => {
    const answer = await send(init);
    expect(answer.status).toBe(400);
    expect(answer.raw).toMatch(/CSRF|preflight|content-type/i);
  });

  it.each([
    ['malformed JSON', '{"query": "{ me { id } }"'],
    ['a body that is not an object', '"just a string"'],
    ['variables that are not an object', JSON.stringify({ query: 'query ($n: String!) { user(username: $n) { id } }', variables: 'x' })],
    ['a query that is not a string', JSON.stringify({ query: { me: true } })],
  ])('answers %s with a 400 and no internals', async (_label, body) => {
    const answer = await send({ headers: { 'content-type': 'application/json' }, body });
    expect(answer.status).toBe(400);
  });

  it('refuses an oversized body (413, REQUEST.TOO_LARGE)', async () => {
    const answer = await post({ query: `{ me { id } } # ${'x'.repeat(REQUEST_LIMITS_BYTES())}` });
    expect(answer.status).toBe(413);
    expect(firstError(answer)?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: LIMIT_REASONS.bodySize });
  });

  it('refuses oversized variables (413, REQUEST.TOO_LARGE)', async () => {
    const answer = await post({
      query: 'query ($n: String!) { user(username: $n) { id } }',
      variables: { n: 'x'.repeat(REQUEST_LIMITS_BYTES()) },
    });
    expect(answer.status).toBe(413);
    expect(firstError(answer)?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: LIMIT_REASONS.bodySize });
  });

  it("refuses deep lists via variables (the issue's $n query: three nested pages of 100)", async () => {
    const query = `query ($n: Int) { user(username: "alice") { following(first: $n) { edges { node {
      followers(first: $n) { edges { node { following(first: $n) { edges { node { username } } } } } } } } } } }`;
    const answer = await post({ query, variables: { n: 100 } });
    expect(answer.status).toBe(400);
    expect(firstError(answer)?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: LIMIT_REASONS.cost });
  });

  it('refuses deep nesting (one level past the depth limit)', async () => {
    // user(1) → following(2) edges(3) node(4) → followers(5) edges(6) node(7) → … one past maxDepth.
    let selection = 'username';
    for (let level = 0; level < REQUEST_LIMITS.maxDepth; level += 3) selection = `following(first: 1) { edges { node { ${selection} } } }`;
    const answer = await post({ query: `{ user(username: "alice") { ${selection} } }` });
    expect(answer.status).toBe(400);
    expect(firstError(answer)?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: LIMIT_REASONS.depth });
  });

  it('refuses oversized tokens (more lexical tokens than the limit)', async () => {
    const answer = await post({ query: `{ me { id } } query Other { ${'me { id } '.repeat(REQUEST_LIMITS.maxTokens / 4)} }` });
    expect(answer.status).toBe(400);
    expect(firstError(answer)?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: LIMIT_REASONS.tokens });
  });
});

/** One byte past the gateway's JSON body limit (REQUEST_LIMITS.bodyLimit, e.g. '100kb'). */
function REQUEST_LIMITS_BYTES(): number {
  const match = /^(\d+)(kb|mb)?$/i.exec(REQUEST_LIMITS.bodyLimit);
  if (!match) throw new Error(`unreadable body limit ${REQUEST_LIMITS.bodyLimit}`);
  const unit = match[2]?.toLowerCase() === 'mb' ? 1024 * 1024 : match[2] ? 1024 : 1;
  return Number(match[1]) * unit + 1;
}

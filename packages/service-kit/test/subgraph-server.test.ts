import { connect } from 'node:net';
import { waitFor } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDENTITY_HEADER, SUBGRAPH_LIMITS, signIdentityHeader } from '../src/index';
import { TEST_SECRET, startFixture, type Fixture } from './fixtures/widgets.subgraph';
import { postGraphQL } from './support/graphql-client';

const ann = { userId: 'user_1', username: 'ann' };
const asAnn = async () => ({ [IDENTITY_HEADER]: await signIdentityHeader(ann, TEST_SECRET) });
const ENTITIES = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Widget { id name ownerNote } } }';

/** Body of the plain-HTTP (non-GraphQL) error responses. */
type ErrorBody = { errors: { message: string; extensions: Record<string, unknown> }[] };

/** True when a fresh TCP connection to the port is accepted. */
function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('startSubgraphServer', () => {
  let fixture: Fixture;
  let url: string;
  let base: string;
  beforeAll(async () => {
    fixture = await startFixture();
    url = fixture.server.url;
    base = url.replace(/\/graphql$/, '');
  });
  afterAll(() => fixture.server.close());

  describe('health', () => {
    it('reports live', async () => {
      const response = await fetch(`${base}/health/live`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok' });
    });

    it('reports ready with the readiness report', async () => {
      const response = await fetch(`${base}/health/ready`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ ready: true, checks: { database: true } });
    });

    it('mounts extra routes from the routes hook', async () => {
      expect(await (await fetch(`${base}/.well-known/hello`)).json()).toEqual({ hello: 'routes' });
    });
  });

  describe('@auth', () => {
    it('answers UNAUTHENTICATED on an @auth field without an identity, and serves the rest', async () => {
      const { status, body } = await postGraphQL(url, '{ hello me { userId } }');
      expect(status).toBe(200);
      expect(body.data).toEqual({ hello: 'world', me: null });
      expect(body.errors).toHaveLength(1);
      expect(body.errors![0]).toMatchObject({ path: ['me'], extensions: { code: 'UNAUTHENTICATED' } });
    });

    it('guards every field of an @auth object type', async () => {
      const { body } = await postGraphQL(url, '{ vault { secret } }');
      expect(body.data).toEqual({ vault: null });
      expect(body.errors![0]).toMatchObject({ path: ['vault', 'secret'], extensions: { code: 'UNAUTHENTICATED' } });
    });

    it('serves @auth fields to a viewer with a signed identity header', async () => {
      const { status, body } = await postGraphQL(url, '{ me { userId username } vault { secret } }', undefined, await asAnn());
      expect(status).toBe(200);
      expect(body.errors).toBeUndefined();
      expect(body.data).toEqual({ me: ann, vault: { secret: 'gold' } });
    });

    it('gives the context the client IP and the viewer with emailVerified from the header', async () => {
      const query = '{ clientIp me { emailVerified } }';
      const signed = await signIdentityHeader({ ...ann, emailVerified: true }, TEST_SECRET, { clientIp: '203.0.113.5' });
      const verified = await postGraphQL(url, query, undefined, { [IDENTITY_HEADER]: signed });
      expect(verified.body.data).toEqual({ clientIp: '203.0.113.5', me: { emailVerified: true } });

      const legacy = await postGraphQL(url, query, undefined, await asAnn());
      expect(legacy.body.data).toEqual({ clientIp: null, me: { emailVerified: false } });

      const anonymous = await signIdentityHeader(null, TEST_SECRET, { clientIp: '2001:db8::7' });
      const { body } = await postGraphQL(url, '{ clientIp }', undefined, { [IDENTITY_HEADER]: anonymous });
      expect(body.data).toEqual({ clientIp: '2001:db8::7' });
      expect((await postGraphQL(url, '{ clientIp }')).body.data).toEqual({ clientIp: null });
    });

    it('rejects a forged identity header with 401 UNAUTHENTICATED', async () => {
      const forged = await signIdentityHeader(ann, 'not-the-internal-secret-but-just-as-long!!');
      const { status, body } = await postGraphQL(url, '{ hello }', undefined, { [IDENTITY_HEADER]: forged });
      expect(status).toBe(401);
      expect(body.data).toBeUndefined();
      expect(body.errors![0]!.extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'AUTH.INVALID_IDENTITY' });
    });

    it('rejects an expired identity header with 401 UNAUTHENTICATED', async () => {
      const expired = await signIdentityHeader(ann, TEST_SECRET, -60);
      const { status, body } = await postGraphQL(url, '{ me { userId } }', undefined, { [IDENTITY_HEADER]: expired });
      expect(status).toBe(401);
      expect(body.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    });
  });

  describe('errors', () => {
    it('puts the seconds to wait of a rate-limited DomainError in extensions.retryAfter', async () => {
      const { body } = await postGraphQL(url, '{ slowDown }');
      expect(body.errors![0]!.extensions).toEqual({ code: 'RATE_LIMITED', reason: 'WIDGETS.RATE_LIMITED', retryAfter: 42 });
    });

    it('turns a DomainError into code, reason and field', async () => {
      const { body } = await postGraphQL(url, '{ conflict }');
      expect(body.errors).toEqual([
        expect.objectContaining({
          message: 'That name is taken',
          path: ['conflict'],
          extensions: { code: 'CONFLICT', reason: 'WIDGETS.NAME_TAKEN', field: 'name' },
        }),
      ]);
    });

    it('reports the failing input field from parseInput', async () => {
      const { body } = await postGraphQL(url, 'mutation($i: RegisterInput!) { register(input: $i) }', {
        i: { email: 'nope', name: 'Bob' },
      });
      expect(body.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'WIDGETS.INVALID_INPUT', field: 'email' });
    });

    it('masks a plain Error: no original message, no stack, logged once with the request id', async () => {
      const { status, headers, body } = await postGraphQL(url, '{ boom }', undefined, { 'x-request-id': 'req-boom-1' });
      expect(status).toBe(200);
      expect(headers.get('x-request-id')).toBe('req-boom-1');
      expect(body.errors).toEqual([
        {
          message: 'Internal server error',
          locations: [{ line: 1, column: 3 }],
          path: ['boom'],
          extensions: { code: 'INTERNAL_SERVER_ERROR' },
        },
      ]);
      expect(JSON.stringify(body)).not.toMatch(/hunter2|stacktrace|at /);
      const logged = fixture.logs.filter((line) => line.requestId === 'req-boom-1' && line.level === 50);
      expect(logged).toHaveLength(1);
      expect(logged[0]).toMatchObject({ service: 'widgets', err: { message: 'database password is hunter2' }, path: ['boom'] });
    });

    it('keeps Apollo validation errors as GRAPHQL_VALIDATION_FAILED', async () => {
      const { status, body } = await postGraphQL(url, '{ nope }');
      expect(status).toBe(400);
      expect(body.errors![0]!.extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
    });

    it('keeps variable coercion errors as BAD_USER_INPUT', async () => {
      const { status, body } = await postGraphQL(url, 'query($id: ID!) { widget(id: $id) { id } }', { id: { not: 'an id' } });
      expect(status).toBe(400);
      expect(body.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT' });
    });

    it('does not log expected errors at error level', async () => {
      await postGraphQL(url, '{ conflict me { userId } }', undefined, { 'x-request-id': 'req-expected-1' });
      expect(fixture.logs.filter((line) => line.requestId === 'req-expected-1' && line.level >= 50)).toEqual([]);
    });

    it('answers an oversized body with a typed 413', async () => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ hello }', variables: { padding: 'x'.repeat(150 * 1024) } }),
      });
      expect(response.status).toBe(413);
      const body = (await response.json()) as ErrorBody;
      expect(body.errors).toHaveLength(1);
      expect(body.errors[0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'REQUEST.TOO_LARGE' });
      expect(body.errors[0]!.message).toMatch(/larger than/);
    });

    it('answers malformed JSON with a typed 400', async () => {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
      expect(response.status).toBe(400);
      expect(((await response.json()) as ErrorBody).errors[0]!.extensions).toEqual({
        code: 'BAD_USER_INPUT',
        reason: 'REQUEST.MALFORMED_JSON',
      });
    });
  });

  describe('federation', () => {
    it('resolves entities through __resolveReference, with @auth still enforced on them', async () => {
      const anonymous = await postGraphQL(url, ENTITIES, { r: [{ __typename: 'Widget', id: 'w1' }] });
      expect(anonymous.body.data).toEqual({ _entities: [{ id: 'w1', name: 'Sprocket', ownerNote: null }] });
      expect(anonymous.body.errors![0]).toMatchObject({ path: ['_entities', 0, 'ownerNote'], extensions: { code: 'UNAUTHENTICATED' } });

      const signedIn = await postGraphQL(
        url,
        ENTITIES,
        {
          r: [
            { __typename: 'Widget', id: 'w1' },
            { __typename: 'Widget', id: 'missing' },
          ],
        },
        await asAnn(),
      );
      expect(signedIn.body.errors).toBeUndefined();
      expect(signedIn.body.data).toEqual({ _entities: [{ id: 'w1', name: 'Sprocket', ownerNote: 'w1 belongs to ann' }, null] });
    });

    it('serves _service { sdl } with the @auth declaration and usages, to signed requests', async () => {
      const { body } = await postGraphQL(url, '{ _service { sdl } }', undefined, await asAnn());
      const sdl: string = body.data!._service.sdl;
      expect(sdl).toContain('directive @auth on FIELD_DEFINITION | OBJECT');
      expect(sdl).toMatch(/me: Me @auth/);
      expect(sdl).toMatch(/type Vault\s+@auth/);
      expect(sdl).toMatch(/type Widget\s+@key\(fields: "id"\)/);
    });
  });

  describe('schema and limits', () => {
    it('refuses _service and introspection to an unsigned request (401 UNAUTHENTICATED), also through fragments', async () => {
      for (const query of [
        '{ _service { sdl } }',
        '{ __schema { queryType { name } } }',
        '{ __type(name: "Widget") { name } }',
        '{ ...S } fragment S on Query { _service { sdl } }',
        '{ ... on Query { __schema { types { name } } } }',
      ]) {
        const { status, body } = await postGraphQL(url, query);
        expect(status).toBe(401);
        expect(body.data).toBeUndefined();
        expect(body.errors![0]!.extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'AUTH.GATEWAY_SIGNATURE_REQUIRED' });
      }
      const anonymous = { [IDENTITY_HEADER]: await signIdentityHeader(null, TEST_SECRET, { audience: 'widgets' }) };
      expect((await postGraphQL(url, '{ __schema { queryType { name } } }', undefined, anonymous)).body.data).toEqual({
        __schema: { queryType: { name: 'Query' } },
      });
      // __typename is not introspection of the schema.
      expect((await postGraphQL(url, '{ __typename }')).body.data).toEqual({ __typename: 'Query' });
    });

    const nested = (levels: number) => `{ widget(id: "w1") { ${'again { '.repeat(levels)}id${' }'.repeat(levels)} } }`;

    it(`refuses a query deeper than ${SUBGRAPH_LIMITS.maxDepth}, signed or not, before executing it`, async () => {
      // widget + N agains + id = N + 2 levels.
      const atLimit = await postGraphQL(url, nested(SUBGRAPH_LIMITS.maxDepth - 2), undefined, await asAnn());
      expect(atLimit.body.errors).toBeUndefined();
      for (const headers of [undefined, await asAnn()]) {
        const { status, body } = await postGraphQL(url, nested(SUBGRAPH_LIMITS.maxDepth - 1), undefined, headers);
        expect(status).toBe(400);
        expect(body.data).toBeUndefined();
        expect(body.errors).toHaveLength(1);
        expect(body.errors![0]!.extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED', reason: 'REQUEST.DEPTH_LIMIT' });
        expect(body.errors![0]!.message).toContain(`depth limit of ${SUBGRAPH_LIMITS.maxDepth}`);
      }
      // Fragments are flattened: hiding levels in one does not help.
      const fragment = `fragment F on Widget { ${'again { '.repeat(SUBGRAPH_LIMITS.maxDepth)}id${' }'.repeat(SUBGRAPH_LIMITS.maxDepth)} }`;
      const viaFragment = await postGraphQL(url, `{ widget(id: "w1") { ...F } } ${fragment}`);
      expect(viaFragment.body.errors![0]!.extensions!.reason).toBe('REQUEST.DEPTH_LIMIT');
    });

    it(`refuses a page size over ${SUBGRAPH_LIMITS.maxPageSize}, literal or variable, with PAGINATION.INVALID_FIRST`, async () => {
      const literal = await postGraphQL(url, `{ widgets(first: ${SUBGRAPH_LIMITS.maxPageSize + 1}) { id } }`);
      expect(literal.status).toBe(200); // like a resolver's own refusal, so the gateway passes it on typed
      expect(literal.body.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'PAGINATION.INVALID_FIRST', field: 'first' });
      const variable = await postGraphQL(url, 'query($n: Int) { widgets(first: $n) { id } }', { n: 1000 });
      expect(variable.body.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'PAGINATION.INVALID_FIRST', field: 'first' });
      const ok = await postGraphQL(url, 'query($n: Int) { widgets(first: $n) { id } }', { n: SUBGRAPH_LIMITS.maxPageSize });
      expect(ok.body).toEqual({ data: { widgets: [{ id: 'w1' }] } });
    });

    it('refuses a header the gateway signed for another subgraph (401), even where signatures are not required', async () => {
      const forPosts = await signIdentityHeader(ann, TEST_SECRET, { audience: 'posts' });
      const { status, body } = await postGraphQL(url, '{ hello }', undefined, { [IDENTITY_HEADER]: forPosts });
      expect(status).toBe(401);
      expect(body.errors![0]!.extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'AUTH.INVALID_IDENTITY' });
      const forWidgets = await signIdentityHeader(ann, TEST_SECRET, { audience: 'widgets' });
      expect((await postGraphQL(url, '{ me { username } }', undefined, { [IDENTITY_HEADER]: forWidgets })).body.data).toEqual({
        me: { username: 'ann' },
      });
    });
  });

  it('logs each request at debug without the query string', async () => {
    await fetch(`${base}/health/live?token=abc`, { headers: { 'x-request-id': 'req-log-1' } });
    await waitFor(() => fixture.logs.find((line) => line.requestId === 'req-log-1' && line.msg === 'request'), {
      message: 'request log line',
    });
    const line = fixture.logs.find((l) => l.requestId === 'req-log-1')!;
    expect(line).toMatchObject({ level: 20, method: 'GET', path: '/health/live', status: 200 });
    expect(JSON.stringify(line)).not.toContain('abc');
  });
});

describe('startSubgraphServer requiring the gateway signature (production)', () => {
  let fixture: Fixture;
  let url: string;
  beforeAll(async () => {
    fixture = await startFixture({ requireGatewaySignature: true });
    url = fixture.server.url;
  });
  afterAll(() => fixture.server.close());

  it('refuses a direct unsigned request with 401 UNAUTHENTICATED before executing anything', async () => {
    fixture.gate.open(); // `slow` would hold the request open if it ran
    for (const query of ['{ hello }', '{ slow }', '{ _service { sdl } }', 'mutation { register(input: { email: "a@b.c", name: "Al" }) }']) {
      const { status, body } = await postGraphQL(url, query);
      expect(status).toBe(401);
      expect(body.data).toBeUndefined();
      expect(body.errors).toEqual([
        { message: expect.any(String), extensions: { code: 'UNAUTHENTICATED', reason: 'AUTH.GATEWAY_SIGNATURE_REQUIRED' } },
      ]);
    }
  });

  it("refuses a header signed for any subgraph (a test helper's) or for another one", async () => {
    for (const header of [await signIdentityHeader(ann, TEST_SECRET), await signIdentityHeader(null, TEST_SECRET, { audience: 'posts' })]) {
      const { status, body } = await postGraphQL(url, '{ hello }', undefined, { [IDENTITY_HEADER]: header });
      expect(status).toBe(401);
      expect(body.errors![0]!.extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'AUTH.INVALID_IDENTITY' });
    }
  });

  it('answers requests the gateway signed for it, anonymous ones included, and keeps health open', async () => {
    const anonymous = await signIdentityHeader(null, TEST_SECRET, { audience: 'widgets', clientIp: '192.0.2.9' });
    expect((await postGraphQL(url, '{ hello clientIp }', undefined, { [IDENTITY_HEADER]: anonymous })).body).toEqual({
      data: { hello: 'world', clientIp: '192.0.2.9' },
    });
    const signed = await signIdentityHeader(ann, TEST_SECRET, { audience: 'widgets' });
    const { body } = await postGraphQL(url, '{ me { username } _service { sdl } }', undefined, { [IDENTITY_HEADER]: signed });
    expect(body.errors).toBeUndefined();
    expect(body.data!.me).toEqual({ username: 'ann' });
    const base = url.replace(/\/graphql$/, '');
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
    expect((await fetch(`${base}/health/ready`)).status).toBe(200);
  });
});

describe('startSubgraphServer readiness', () => {
  it('answers 503 with the report when a check fails', async () => {
    const fixture = await startFixture({ readiness: async () => ({ ready: false, checks: { database: true, nats: false } }) });
    try {
      const response = await fetch(fixture.server.url.replace('/graphql', '/health/ready'));
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ ready: false, checks: { database: true, nats: false } });
    } finally {
      await fixture.server.close();
    }
  });

  it('answers 503 when the readiness check throws, and logs it', async () => {
    const fixture = await startFixture({ readiness: () => Promise.reject(new Error('db down')) });
    try {
      const response = await fetch(fixture.server.url.replace('/graphql', '/health/ready'));
      expect(response.status).toBe(503);
      expect(((await response.json()) as { ready: boolean }).ready).toBe(false);
      expect(fixture.logs.some((line) => line.level === 50 && (line.err as { message?: string })?.message === 'db down')).toBe(true);
    } finally {
      await fixture.server.close();
    }
  });
});

describe('startSubgraphServer start-up', () => {
  it('rejects when the port is already taken', async () => {
    const first = await startFixture();
    try {
      await expect(startFixture({ port: first.server.port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    } finally {
      await first.server.close();
    }
  });
});

describe('RunningServer.close', () => {
  it('stops accepting connections but lets the in-flight request finish', async () => {
    const fixture = await startFixture();
    const inFlight = postGraphQL(fixture.server.url, '{ slow }');
    await fixture.gate.entered;

    let closed = false;
    const closing = fixture.server.close().then(() => (closed = true));
    await waitFor(async () => !(await acceptsConnections(fixture.server.port)), { message: 'the listener to close' });
    expect(closed).toBe(false);

    fixture.gate.open();
    const { status, body } = await inFlight;
    expect(status).toBe(200);
    expect(body).toEqual({ data: { slow: 'finally' } });
    await closing;
    expect(closed).toBe(true);
  });

  it('does not wait for idle keep-alive connections (grace period 30 s, test timeout 10 s)', { timeout: 10_000 }, async () => {
    const fixture = await startFixture({ shutdownGracePeriodMs: 30_000 });
    // fetch keeps the connection alive in its pool after this response.
    expect((await postGraphQL(fixture.server.url, '{ hello }')).status).toBe(200);
    await fixture.server.close();
    expect(await acceptsConnections(fixture.server.port)).toBe(false);
  });

  it('is idempotent', async () => {
    const fixture = await startFixture();
    await Promise.all([fixture.server.close(), fixture.server.close()]);
    await expect(fixture.server.close()).resolves.toBeUndefined();
  });
});

import { connect } from 'node:net';
import { waitFor } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDENTITY_HEADER, signIdentityHeader } from '../src/index';
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

    it('serves _service { sdl } with the @auth declaration and usages', async () => {
      const { body } = await postGraphQL(url, '{ _service { sdl } }');
      const sdl: string = body.data!._service.sdl;
      expect(sdl).toContain('directive @auth on FIELD_DEFINITION | OBJECT');
      expect(sdl).toMatch(/me: Me @auth/);
      expect(sdl).toMatch(/type Vault\s+@auth/);
      expect(sdl).toMatch(/type Widget\s+@key\(fields: "id"\)/);
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

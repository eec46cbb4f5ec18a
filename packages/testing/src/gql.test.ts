import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql } from './gql';

// A stand-in GraphQL endpoint that records what it received and answers by path.
let server: Server;
let base: string;
let received: { headers: IncomingHttpHeaders; body: unknown }[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk) => (raw += chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: JSON.parse(raw || 'null') });
      if (request.url === '/html') {
        response.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>');
      } else if (request.url === '/error') {
        response
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ data: null, errors: [{ message: 'Taken', extensions: { code: 'CONFLICT' } }] }));
      } else {
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: { echo: 'ok' } }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe('gql', () => {
  it('posts query and variables as JSON with the bearer token and extra headers', async () => {
    received = [];
    const result = await gql<{ echo: string }>(
      `${base}/graphql`,
      'query Q($a: Int) { echo }',
      { a: 1 },
      {
        token: 'abc',
        headers: { 'x-request-id': 'r1' },
      },
    );
    expect(result).toEqual({ status: 200, data: { echo: 'ok' } });
    const [request] = received;
    expect(request?.body).toEqual({ query: 'query Q($a: Int) { echo }', variables: { a: 1 } });
    expect(request?.headers.authorization).toBe('Bearer abc');
    expect(request?.headers['x-request-id']).toBe('r1');
    expect(request?.headers['content-type']).toBe('application/json');
  });

  it('sends no authorization header without a token', async () => {
    received = [];
    await gql(`${base}/graphql`, '{ echo }');
    expect(received[0]?.headers.authorization).toBeUndefined();
    expect(received[0]?.body).toEqual({ query: '{ echo }' });
  });

  it('returns GraphQL errors with their extensions and omits null data', async () => {
    const result = await gql(`${base}/error`, 'mutation { register }');
    expect(result.status).toBe(200);
    expect(result.data).toBeUndefined();
    expect(result.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  it('throws with the status and body when the answer is not JSON', async () => {
    await expect(gql(`${base}/html`, '{ echo }')).rejects.toThrow(/answered 404 with a non-JSON body: <h1>Not found/);
  });
});

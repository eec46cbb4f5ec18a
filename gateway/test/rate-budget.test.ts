/**
 * The gateway's global per-IP budget (limits/request-budget.ts): GATEWAY_RATE_LIMIT_PER_MINUTE
 * operations per client IP per minute over HTTP, WebSocket and SSE; over it, RATE_LIMITED with
 * `extensions.retryAfter` (HTTP 429 + Retry-After) and no subgraph is called.
 * GATEWAY_TRUST_PROXY=loopback lets each case be its own client through X-Forwarded-For.
 */
import { gql } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startGatewayHarness, type GatewayHarness } from './support/gateway-harness';

const NOTES = '{ notes { id } }';
const PER_MINUTE = 3;

const post = (url: string, ip: string) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
    body: JSON.stringify({ query: NOTES }),
  });

/** One graphql-transport-ws connection from `ip`; `run` sends a subscribe and answers the first `next`/`error` message. */
async function wsFrom(url: string, ip: string) {
  const socket = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws', { headers: { 'x-forwarded-for': ip } });
  const waiting = new Map<string, (message: { type: string; payload: any }) => void>();
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as { type: string; id?: string; payload: any };
    if (message.id && (message.type === 'next' || message.type === 'error')) waiting.get(message.id)?.(message);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: {} })));
    socket.on('message', (data) => JSON.parse(String(data)).type === 'connection_ack' && resolve());
  });
  let ids = 0;
  return {
    run: (query: string) =>
      new Promise<{ type: string; payload: any }>((resolve) => {
        const id = String(++ids);
        waiting.set(id, resolve);
        socket.send(JSON.stringify({ type: 'subscribe', id, payload: { query } }));
      }),
    close: () => socket.close(),
  };
}

describe('gateway per-IP budget (AGORA_RATE_LIMITS on)', () => {
  let h: GatewayHarness;
  beforeAll(async () => {
    h = await startGatewayHarness({
      env: { AGORA_RATE_LIMITS: 'on', GATEWAY_RATE_LIMIT_PER_MINUTE: String(PER_MINUTE), GATEWAY_TRUST_PROXY: 'loopback' },
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it(`serves ${PER_MINUTE} operations a minute per IP, then answers 429 RATE_LIMITED with Retry-After, calling no subgraph`, async () => {
    for (let i = 0; i < PER_MINUTE; i++) expect((await post(h.url, '203.0.113.1')).status).toBe(200);
    const before = h.subgraphCalls();
    const refused = await post(h.url, '203.0.113.1');
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await refused.json()).toEqual({
      errors: [{ message: expect.any(String), extensions: { code: 'RATE_LIMITED', reason: 'GATEWAY.RATE_LIMITED', retryAfter } }],
    });
    expect(h.subgraphCalls()).toBe(before);
    // Another client is not affected.
    expect((await gql(h.url, NOTES, undefined, { headers: { 'x-forwarded-for': '203.0.113.2' } })).data).toEqual({
      notes: [{ id: 'note-1' }, { id: 'note-2' }, { id: 'note-3' }],
    });
  });

  it('counts every operation started over WebSocket, refusing the one over budget with an error message', async () => {
    const ws = await wsFrom(h.url, '203.0.113.3');
    try {
      for (let i = 0; i < PER_MINUTE; i++) expect((await ws.run(NOTES)).type).toBe('next');
      const refused = await ws.run(NOTES);
      expect(refused.type).toBe('error');
      expect(refused.payload).toEqual([
        {
          message: expect.any(String),
          extensions: { code: 'RATE_LIMITED', reason: 'GATEWAY.RATE_LIMITED', retryAfter: expect.any(Number) },
        },
      ]);
    } finally {
      ws.close();
    }
  });

  it('counts SSE requests, answering 429 with Retry-After over budget', async () => {
    const stream = (ip: string) =>
      fetch(h.url.replace(/\/graphql$/, '/graphql/stream'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', 'x-forwarded-for': ip },
        body: JSON.stringify({ query: NOTES }),
      });
    for (let i = 0; i < PER_MINUTE; i++) {
      const response = await stream('203.0.113.4');
      expect(response.status).toBe(200);
      await response.text();
    }
    const refused = await stream('203.0.113.4');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(((await refused.json()) as { errors: { extensions: unknown }[] }).errors[0]!.extensions).toMatchObject({
      code: 'RATE_LIMITED',
      reason: 'GATEWAY.RATE_LIMITED',
    });
  });

  it('shares one budget between the transports of one IP', async () => {
    for (let i = 0; i < PER_MINUTE; i++) expect((await post(h.url, '203.0.113.5')).status).toBe(200);
    const ws = await wsFrom(h.url, '203.0.113.5');
    try {
      expect((await ws.run(NOTES)).payload[0].extensions.code).toBe('RATE_LIMITED');
    } finally {
      ws.close();
    }
  });
});

describe('gateway per-IP budget with AGORA_RATE_LIMITS=off', () => {
  let h: GatewayHarness;
  beforeAll(async () => {
    h = await startGatewayHarness({ env: { AGORA_RATE_LIMITS: 'off', GATEWAY_RATE_LIMIT_PER_MINUTE: '1' } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('lets every operation through', async () => {
    for (let i = 0; i < 5; i++) expect((await post(h.url, '203.0.113.6')).status).toBe(200);
  });
});

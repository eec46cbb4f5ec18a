/**
 * The gateway's `/media/*` proxy against a real upstream HTTP server: bodies stream both ways
 * (a 32 MiB upload arrives whole, byte-counted), only the media routes' headers pass (never the
 * caller's Authorization or cookies), a client abort aborts the upstream request, and an
 * unreachable or not-yet-known media service answers a typed JSON error.
 */
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { createLogger } from '@agora/service-kit';
import { freePort, waitFor } from '@agora/testing';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediaProxy } from '../src/http/media-proxy';

const logger = createLogger('media-proxy-test', 'silent');

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  bytes: number;
  aborted: boolean;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('gateway /media proxy', () => {
  const seen: Seen[] = [];
  let upstream: Server;
  let gateway: Server;
  let gatewayUrl: string;
  let target: string | undefined;
  let proxy: ReturnType<typeof mediaProxy>;

  beforeAll(async () => {
    upstream = createServer((req, res) => {
      const entry: Seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, bytes: 0, aborted: false };
      seen.push(entry);
      req.on('data', (chunk: Buffer) => (entry.bytes += chunk.length));
      req.on('aborted', () => (entry.aborted = true));
      req.on('end', () => {
        if (req.url?.startsWith('/media/files/')) {
          res.writeHead(206, {
            'content-type': 'video/mp4',
            'content-range': 'bytes 0-3/10',
            'x-content-type-options': 'nosniff',
            connection: 'keep-alive',
          });
          res.end('abcd');
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ received: entry.bytes }));
      });
    });
    target = await listen(upstream);
    const app = express();
    proxy = mediaProxy({ target: () => target, logger });
    app.use('/media', proxy);
    gateway = createServer(app);
    gatewayUrl = await listen(gateway);
  });

  afterAll(async () => {
    proxy.close();
    gateway.closeAllConnections();
    await new Promise((resolve) => gateway.close(resolve));
    upstream.closeAllConnections();
    await new Promise((resolve) => upstream.close(resolve));
  });

  it('streams a large upload through with its path, query and content headers, and none of the credentials', async () => {
    const size = 32 * 1024 * 1024;
    const chunk = Buffer.alloc(1024 * 1024, 7);
    const body = Readable.from(
      (function* () {
        for (let i = 0; i < size / chunk.length; i++) yield chunk;
      })(),
    );
    const res = await fetch(`${gatewayUrl}/media/uploads/abc?expires=1&sig=x`, {
      method: 'PUT',
      headers: { 'content-type': 'video/mp4', 'content-length': String(size), authorization: 'Bearer secret', cookie: 'a=b' },
      body: Readable.toWeb(body) as ReadableStream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: size });
    const last = seen.at(-1)!;
    expect(last).toMatchObject({ method: 'PUT', url: '/media/uploads/abc?expires=1&sig=x', bytes: size });
    expect(last.headers['content-type']).toBe('video/mp4');
    expect(last.headers['content-length']).toBe(String(size));
    expect(last.headers.authorization).toBeUndefined();
    expect(last.headers.cookie).toBeUndefined();
  });

  it('passes range requests and the file headers back, without hop-by-hop headers', async () => {
    const res = await fetch(`${gatewayUrl}/media/files/abc/original?expires=1&sig=x`, { headers: { range: 'bytes=0-3' } });
    expect(res.status).toBe(206);
    expect(await res.text()).toBe('abcd');
    expect(res.headers.get('content-range')).toBe('bytes 0-3/10');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(seen.at(-1)!.headers.range).toBe('bytes=0-3');
  });

  it('aborts the upstream request when the client goes away mid-upload', async () => {
    const before = seen.length;
    const client = request(`${gatewayUrl}/media/uploads/gone?expires=1&sig=x`, {
      method: 'PUT',
      headers: { 'content-type': 'image/png', 'content-length': String(10 * 1024 * 1024) },
    });
    client.on('error', () => undefined);
    client.write(Buffer.alloc(64 * 1024));
    await waitFor(() => seen.length > before && seen.at(-1)!.bytes > 0);
    client.destroy();
    await waitFor(() => seen.at(-1)!.aborted, { timeoutMs: 5_000 });
    expect(seen.at(-1)!.bytes).toBeLessThan(10 * 1024 * 1024);
  });

  it('answers 503 with a reason while no media service is known, and 502 when it does not answer', async () => {
    const saved = target;
    try {
      target = undefined;
      const notYet = await fetch(`${gatewayUrl}/media/files/x/original`);
      expect(notYet.status).toBe(503);
      expect(await notYet.json()).toEqual({ error: expect.objectContaining({ reason: 'GATEWAY.MEDIA_UNAVAILABLE' }) });
      target = `http://127.0.0.1:${await freePort()}`;
      const down = await fetch(`${gatewayUrl}/media/files/x/original`);
      expect(down.status).toBe(502);
      expect(await down.json()).toEqual({ error: expect.objectContaining({ reason: 'GATEWAY.MEDIA_UPSTREAM_FAILED' }) });
    } finally {
      target = saved;
    }
  });
});

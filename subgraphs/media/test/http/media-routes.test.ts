/**
 * Media's HTTP routes on a real express app (127.0.0.1, free port) with the real UrlSigner, a
 * temp-dir FileStorage, and in-memory UploadService / UploadProcessor (the e2e tests run the real
 * chain). Requests go through node:http so the tests control Content-Length, chunking and aborts.
 */
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, request, type IncomingHttpHeaders, type OutgoingHttpHeaders, type Server } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { freePort, tempDir, TestClock, waitFor, type TempDir } from '@agora/testing';
import { createLogger } from '@agora/service-kit';
import express from 'express';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mediaRoutes } from '../../src/infrastructure/http/media-routes';
import { UrlSigner, type FileVariant } from '../../src/infrastructure/signed-urls';
import { FakeProcessor, FakeProfileImages, FakeUploads } from './fakes';
import { TempDirStorage } from './temp-dir-storage';

const MiB = 1024 * 1024;
const clock = new TestClock(new Date('2031-03-04T05:06:07.000Z'));
const inSeconds = (seconds: number) => new Date(clock.now().getTime() + seconds * 1000);

let dir: TempDir;
let server: Server;
let origin: string;
let signer: UrlSigner;
let storage: TempDirStorage;
let uploads: FakeUploads;
let processor: FakeProcessor;
let profileImages: FakeProfileImages;
const logLines: Record<string, unknown>[] = [];

beforeAll(async () => {
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  signer = new UrlSigner('media-route-tests-url-secret-0123456789', origin);
  const logger = createLogger('media-test', 'info', { write: (line: string) => void logLines.push(JSON.parse(line)) });
  const app = express();
  mediaRoutes({
    signer,
    clock,
    logger,
    fileUrlTtlSeconds: 900,
    get storage() {
      return storage;
    },
    get processor() {
      return processor;
    },
    get uploads() {
      return uploads;
    },
    get profileImages() {
      return profileImages;
    },
  })(app);
  server = createServer(app);
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(async () => {
  dir = await tempDir('agora-media-routes-');
  storage = new TempDirStorage(dir.path);
  uploads = new FakeUploads(clock);
  processor = new FakeProcessor(storage);
  profileImages = new FakeProfileImages();
  logLines.length = 0;
});

afterEach(async () => {
  await dir.remove();
});

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  json(): any;
}

/** One request on its own connection; `body` is a buffer or a generator (sent as it yields). */
function send(
  url: string,
  options: { method?: string; headers?: OutgoingHttpHeaders; body?: Buffer | (() => AsyncGenerator<Buffer>) } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers, agent: false });
    req.on('response', (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body.toString('utf8')) });
      });
    });
    // After an early answer the server may stop reading; what happens to the rest is not the point.
    req.on('error', (error) => (answered ? undefined : reject(error)));
    const body = options.body;
    if (body === undefined) req.end();
    else if (Buffer.isBuffer(body)) req.end(body);
    else pipeline(Readable.from(body()), req).catch(() => undefined);
  });
}

async function* chunksOf(total: number, chunkSize = 64 * 1024): AsyncGenerator<Buffer> {
  for (let sent = 0; sent < total; sent += chunkSize) {
    const chunk = Buffer.allocUnsafe(Math.min(chunkSize, total - sent));
    chunk.fill(sent % 251);
    yield chunk;
  }
}

const uploadUrl = (mediaId: string, expiresAt = inSeconds(900)) => signer.sign({ purpose: 'upload', mediaId }, expiresAt);
const fileUrl = (mediaId: string, variant: FileVariant = 'original', expiresAt = inSeconds(600)) =>
  signer.sign({ purpose: 'file', mediaId, variant }, expiresAt);
const put = (url: string, body: Buffer, headers: OutgoingHttpHeaders = {}) =>
  send(url, { method: 'PUT', body, headers: { 'content-type': 'image/png', ...headers } });
const bytes = (size: number) => Buffer.from(Array.from({ length: size }, (_, i) => (i * 7) % 256));
const withPath = (url: string, path: string) => Object.assign(new URL(url), { pathname: path }).toString();

describe('PUT /media/uploads/:id', () => {
  it('streams the body to storage, processes it with the declared values and answers 200 READY', async () => {
    const body = bytes(5000);
    const mediaId = uploads.add({ kind: 'IMAGE', contentType: 'image/png', byteSize: body.length });

    const reply = await put(uploadUrl(mediaId), body);

    expect(reply.status).toBe(200);
    expect(reply.json()).toEqual({ id: mediaId, status: 'READY' });
    expect(processor.calls).toEqual([
      { mediaId, rawKey: `${mediaId}/raw`, kind: 'IMAGE', declaredContentType: 'image/png', declaredByteSize: 5000 },
    ]);
    expect(uploads.status(mediaId)).toEqual({ status: 'READY' });
    expect(await storage.read(`${mediaId}/original`)).toEqual(body);
    expect(await storage.files()).toEqual([`${mediaId}/original`]);
  });

  it('refuses a wrong signature with 403 without claiming the item', async () => {
    const mediaId = uploads.add({ byteSize: 10 });
    const url = new URL(uploadUrl(mediaId));
    url.searchParams.set(
      'sig',
      url.searchParams.get('sig')!.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')),
    );

    const reply = await put(url.toString(), bytes(10));

    expect(reply.status).toBe(403);
    expect(reply.json()).toEqual({ error: { code: 'FORBIDDEN', reason: 'MEDIA.BAD_SIGNATURE', message: expect.any(String) } });
    expect(uploads.calls.claim).toEqual([]);
    expect(uploads.status(mediaId)).toEqual({ status: 'PENDING' });
  });

  it("refuses another item's valid URL with 403", async () => {
    const mediaId = uploads.add({ byteSize: 10 });
    const other = uploads.add({ byteSize: 10 });

    const reply = await put(withPath(uploadUrl(other), `/media/uploads/${mediaId}`), bytes(10));

    expect(reply.status).toBe(403);
    expect(uploads.calls.claim).toEqual([]);
  });

  it('refuses an expired URL with 410 without claiming the item', async () => {
    const mediaId = uploads.add({ byteSize: 10 });

    const reply = await put(uploadUrl(mediaId, inSeconds(-1)), bytes(10));

    expect(reply.status).toBe(410);
    expect(reply.json().error).toMatchObject({ code: 'FORBIDDEN', reason: 'MEDIA.UPLOAD_EXPIRED' });
    expect(uploads.calls.claim).toEqual([]);
  });

  it('answers 404 for an id that is no uuid or no item, and 410 when the item says its window closed', async () => {
    const unknown = randomUUID();
    expect((await put(`${origin}/media/uploads/not-a-uuid?expires=1&sig=x`, bytes(1))).status).toBe(404);
    const missing = await put(uploadUrl(unknown), bytes(1));
    expect(missing.status).toBe(404);
    expect(missing.json().error.reason).toBe('MEDIA.NOT_FOUND');

    const closed = uploads.add({ byteSize: 1, expiresAt: inSeconds(-60) });
    const late = await put(uploadUrl(closed), bytes(1));
    expect(late.status).toBe(410);
    expect(late.json().error.reason).toBe('MEDIA.UPLOAD_EXPIRED');
  });

  it('refuses a second PUT with 409 ALREADY_UPLOADED', async () => {
    const mediaId = uploads.add({ byteSize: 100 });
    expect((await put(uploadUrl(mediaId), bytes(100))).status).toBe(200);

    const again = await put(uploadUrl(mediaId), bytes(100));

    expect(again.status).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'CONFLICT', reason: 'MEDIA.ALREADY_UPLOADED' });
    expect(processor.calls).toHaveLength(1);
  });

  it('lets exactly one of two concurrent PUTs win', async () => {
    const mediaId = uploads.add({ byteSize: 256 * 1024 });
    const url = uploadUrl(mediaId);

    const replies = await Promise.all([1, 2].map(() => put(url, bytes(256 * 1024))));

    expect(replies.map((reply) => reply.status).sort()).toEqual([200, 409]);
    expect(processor.calls).toHaveLength(1);
    expect(uploads.status(mediaId)).toEqual({ status: 'READY' });
    expect(await storage.files()).toEqual([`${mediaId}/original`]);
  });

  it('refuses a Content-Length over the declared size with 413 before reading, storing nothing', async () => {
    const mediaId = uploads.add({ byteSize: 1000 });

    const reply = await put(uploadUrl(mediaId), bytes(5000));

    expect(reply.status).toBe(413);
    expect(reply.json().error).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'MEDIA.SIZE_MISMATCH' });
    expect(storage.activePuts).toBe(0);
    expect(await storage.files()).toEqual([]);
    expect(processor.calls).toEqual([]);
    // Nothing was read: the item may still receive a correct body.
    expect(uploads.status(mediaId)).toEqual({ status: 'PENDING' });
    expect((await put(uploadUrl(mediaId), bytes(1000))).status).toBe(200);
  });

  it('stops a chunked body at the declared size: 413, nothing stored, item FAILED SIZE_MISMATCH', async () => {
    const declared = 64 * 1024;
    const mediaId = uploads.add({ byteSize: declared });

    const reply = await send(uploadUrl(mediaId), { method: 'PUT', body: () => chunksOf(declared * 4, 16 * 1024) });

    expect(reply.status).toBe(413);
    expect(reply.json()).toMatchObject({
      id: mediaId,
      status: 'FAILED',
      reason: 'MEDIA.SIZE_MISMATCH',
      error: { reason: 'MEDIA.SIZE_MISMATCH' },
    });
    expect(await storage.files()).toEqual([]);
    expect(processor.calls).toEqual([]);
    expect(uploads.status(mediaId)).toEqual({ status: 'FAILED', reason: 'MEDIA.SIZE_MISMATCH' });
  });

  it('accepts a chunked body within the declared size', async () => {
    const mediaId = uploads.add({ byteSize: 100 * 1024 });

    const reply = await send(uploadUrl(mediaId), { method: 'PUT', body: () => chunksOf(100 * 1024, 10 * 1024) });

    expect(reply.status).toBe(200);
    expect((await storage.read(`${mediaId}/original`)).length).toBe(100 * 1024);
  });

  it('releases the item and leaves storage clean when the client aborts mid-body', async () => {
    const mediaId = uploads.add({ byteSize: MiB });
    const req = request(uploadUrl(mediaId), { method: 'PUT', agent: false, headers: { 'content-length': MiB } });
    req.on('error', () => undefined);
    req.write(bytes(64 * 1024));
    await waitFor(() => storage.activePuts > 0, { message: 'the put to start' });

    req.destroy();

    await waitFor(() => uploads.calls.release.includes(mediaId), { message: 'the item to be released' });
    await waitFor(() => storage.activePuts === 0, { message: 'the put to settle' });
    expect(await storage.files()).toEqual([]);
    expect(uploads.status(mediaId)).toEqual({ status: 'PENDING' });
    expect(processor.calls).toEqual([]);
    expect(uploads.calls.complete).toEqual([]);
  });

  it('answers 422 with the reason when processing refuses the bytes', async () => {
    processor.outcome = { ok: false, reason: 'MEDIA.UNSUPPORTED_TYPE' };
    const mediaId = uploads.add({ byteSize: 20 });

    const reply = await put(uploadUrl(mediaId), Buffer.from('<html>not an image</'));

    expect(reply.status).toBe(422);
    expect(reply.json()).toEqual({
      id: mediaId,
      status: 'FAILED',
      reason: 'MEDIA.UNSUPPORTED_TYPE',
      error: { code: 'BAD_USER_INPUT', reason: 'MEDIA.UNSUPPORTED_TYPE', message: 'refused: MEDIA.UNSUPPORTED_TYPE' },
    });
    expect(uploads.status(mediaId)).toEqual({ status: 'FAILED', reason: 'MEDIA.UNSUPPORTED_TYPE' });
    expect(await storage.files()).toEqual([]);
  });

  it('answers an unexpected failure with a masked 500, logs it once and releases the item', async () => {
    processor.outcome = { throws: new Error('sharp exploded at /secret/path') };
    const mediaId = uploads.add({ byteSize: 10 });

    const reply = await put(uploadUrl(mediaId), bytes(10));

    expect(reply.status).toBe(500);
    expect(reply.json()).toEqual({
      error: { code: 'INTERNAL_SERVER_ERROR', reason: 'MEDIA.INTERNAL_ERROR', message: 'Internal server error' },
    });
    expect(reply.body.toString()).not.toContain('exploded');
    expect(logLines.filter((line) => line.level === 50)).toHaveLength(1);
    expect(uploads.status(mediaId)).toEqual({ status: 'PENDING' });
    expect(await storage.files()).toEqual([]);
  });

  it('streams 100 MiB of video without holding it in memory', async () => {
    const size = 100 * MiB;
    const mediaId = uploads.add({ kind: 'VIDEO', contentType: 'video/mp4', byteSize: size });
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 50);
    let reply: Reply;
    try {
      reply = await send(uploadUrl(mediaId), {
        method: 'PUT',
        headers: { 'content-type': 'video/mp4', 'content-length': size },
        body: () => chunksOf(size),
      });
    } finally {
      clearInterval(sampler);
    }
    peak = Math.max(peak, process.memoryUsage().rss);
    const delta = peak - baseline;
    console.log(`media upload of 100 MiB: peak RSS growth ${(delta / MiB).toFixed(1)} MiB`);

    expect(reply.status).toBe(200);
    expect(processor.calls).toEqual([
      { mediaId, rawKey: `${mediaId}/raw`, kind: 'VIDEO', declaredContentType: 'video/mp4', declaredByteSize: size },
    ]);
    expect((await storage.stat(`${mediaId}/original`))?.byteSize).toBe(size);
    expect(delta).toBeLessThan(64 * MiB);
  });
});

describe('GET|HEAD /media/files/:id/:variant', () => {
  const content = bytes(1000);
  let mediaId: string;

  beforeEach(async () => {
    mediaId = randomUUID();
    await storage.put(`${mediaId}/original`, Readable.from([content]), { contentType: 'image/png', maxBytes: MiB });
    await storage.put(`${mediaId}/thumbnail`, Readable.from([bytes(100)]), { contentType: 'image/webp', maxBytes: MiB });
  });

  it('serves the whole file with its type, length, ETag and safe caching headers', async () => {
    const reply = await send(fileUrl(mediaId));

    expect(reply.status).toBe(200);
    expect(reply.body).toEqual(content);
    expect(reply.headers).toMatchObject({
      'content-type': 'image/png',
      'content-length': '1000',
      'accept-ranges': 'bytes',
      'x-content-type-options': 'nosniff',
      'content-disposition': 'inline',
      'cache-control': 'private, max-age=600, immutable',
      etag: `"${mediaId}-original-1000"`,
    });

    const thumbnail = await send(fileUrl(mediaId, 'thumbnail'));
    expect(thumbnail.headers).toMatchObject({ 'content-type': 'image/webp', etag: `"${mediaId}-thumbnail-100"` });
  });

  it('serves one byte range as 206 with Content-Range (a-b, a-, -n)', async () => {
    const first = await send(fileUrl(mediaId), { headers: { range: 'bytes=10-19' } });
    expect(first.status).toBe(206);
    expect(first.headers['content-range']).toBe('bytes 10-19/1000');
    expect(first.headers['content-length']).toBe('10');
    expect(first.body).toEqual(content.subarray(10, 20));

    const open = await send(fileUrl(mediaId), { headers: { range: 'bytes=990-' } });
    expect(open.status).toBe(206);
    expect(open.headers['content-range']).toBe('bytes 990-999/1000');
    expect(open.body).toEqual(content.subarray(990));

    const suffix = await send(fileUrl(mediaId), { headers: { range: 'bytes=-5' } });
    expect(suffix.headers['content-range']).toBe('bytes 995-999/1000');
    expect(suffix.body).toEqual(content.subarray(995));

    const clamped = await send(fileUrl(mediaId), { headers: { range: 'bytes=900-5000' } });
    expect(clamped.headers['content-range']).toBe('bytes 900-999/1000');
  });

  it('answers 416 for a range outside the file, and the whole file for several ranges', async () => {
    const outside = await send(fileUrl(mediaId), { headers: { range: 'bytes=1000-1010' } });
    expect(outside.status).toBe(416);
    expect(outside.headers['content-range']).toBe('bytes */1000');
    expect(outside.json().error.reason).toBe('MEDIA.RANGE_NOT_SATISFIABLE');

    const several = await send(fileUrl(mediaId), { headers: { range: 'bytes=0-1,5-6' } });
    expect(several.status).toBe(200);
    expect(several.body).toEqual(content);
  });

  it('answers HEAD with the headers and no body', async () => {
    const reply = await send(fileUrl(mediaId), { method: 'HEAD' });

    expect(reply.status).toBe(200);
    expect(reply.body.length).toBe(0);
    expect(reply.headers).toMatchObject({ 'content-length': '1000', 'content-type': 'image/png', etag: `"${mediaId}-original-1000"` });
  });

  it('answers 304 when If-None-Match names the ETag', async () => {
    const etag = `"${mediaId}-original-1000"`;

    const reply = await send(fileUrl(mediaId), { headers: { 'if-none-match': `"other", ${etag}` } });

    expect(reply.status).toBe(304);
    expect(reply.body.length).toBe(0);
    expect(reply.headers.etag).toBe(etag);
    expect((await send(fileUrl(mediaId), { headers: { 'if-none-match': '"other"' } })).status).toBe(200);
  });

  it('refuses a tampered variant or id with 403, and an expired URL with 410', async () => {
    const url = fileUrl(mediaId, 'thumbnail');
    expect((await send(withPath(url, `/media/files/${mediaId}/original`))).status).toBe(403);
    const otherId = await send(withPath(url, `/media/files/${randomUUID()}/thumbnail`));
    expect(otherId.status).toBe(403);
    expect(otherId.json().error).toMatchObject({ code: 'FORBIDDEN', reason: 'MEDIA.BAD_SIGNATURE' });

    const expired = await send(fileUrl(mediaId, 'original', inSeconds(-1)));
    expect(expired.status).toBe(410);
    expect(expired.json().error.reason).toBe('MEDIA.URL_EXPIRED');
  });

  it('answers 404 for no uuid, another variant (raw) or a file that is gone', async () => {
    await storage.put(`${mediaId}/raw`, Readable.from([bytes(10)]), { contentType: 'text/html', maxBytes: MiB });
    const url = fileUrl(mediaId);
    expect((await send(withPath(url, `/media/files/${mediaId}/raw`))).status).toBe(404);
    expect((await send(withPath(url, '/media/files/not-a-uuid/original'))).status).toBe(404);

    await storage.delete([`${mediaId}/original`]);
    const gone = await send(url);
    expect(gone.status).toBe(404);
    expect(gone.json().error.reason).toBe('MEDIA.NOT_FOUND');
  });
});

describe('GET /media/users/:userId/avatar|banner', () => {
  it('redirects to a freshly signed URL of the original, cacheable for a minute', async () => {
    const userId = randomUUID();
    const mediaId = randomUUID();
    await storage.put(`${mediaId}/original`, Readable.from([bytes(50)]), { contentType: 'image/jpeg', maxBytes: MiB });
    profileImages.slots.set(`${userId}/AVATAR`, mediaId);

    const reply = await send(`${origin}/media/users/${userId}/avatar`);

    expect(reply.status).toBe(302);
    expect(reply.headers.location).toBe(signer.sign({ purpose: 'file', mediaId, variant: 'original' }, inSeconds(900)));
    expect(reply.headers['cache-control']).toBe('public, max-age=60');
    const image = await send(reply.headers.location!);
    expect(image.status).toBe(200);
    expect(image.headers['content-type']).toBe('image/jpeg');
  });

  it('answers 404 JSON when the slot is unset or the user id is no uuid', async () => {
    const userId = randomUUID();
    profileImages.slots.set(`${userId}/AVATAR`, randomUUID());

    const banner = await send(`${origin}/media/users/${userId}/banner`);
    expect(banner.status).toBe(404);
    expect(banner.json().error).toMatchObject({ code: 'NOT_FOUND', reason: 'MEDIA.NOT_FOUND' });
    expect((await send(`${origin}/media/users/nobody/avatar`)).status).toBe(404);
  });
});

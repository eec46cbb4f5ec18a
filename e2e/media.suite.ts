/**
 * Issue #9's "Done when", end to end through the real gateway as a browser would, with every
 * context as its own process (as `npm start` runs them) and three people:
 *   alice uploads and posts; bob follows her (then blocks her); carol is a stranger.
 * A real JPEG carrying GPS EXIF goes up with the ticket's PUT through the gateway's `/media/*`
 * and comes back READY, re-encoded without metadata, with a WebP thumbnail ≤ 480 px; a video is
 * served by byte range; both go on a FOLLOWERS post whose follower gets working URLs (on the
 * post, by id and in the feed) while the stranger and anonymous get nothing; a block hides them;
 * deleting the post removes the files. Then the bad input: a spoofed type, a second PUT, broken
 * signatures, oversize bodies and declarations, and attachments posts must refuse; and avatars,
 * which everyone sees.
 *
 * Read models are built from events, so each read after a write waits for its condition (never a
 * sleep); a negative check follows a positive one that proved the same consumers caught up.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// eslint-disable-next-line import-x/no-relative-packages -- media's test fixtures are no export of @agora/media; this suite shares them
import { hasExif, hasGps, hasIcc, htmlAsPng, jpegMarkers, jpegWithGpsExif, minimalMp4, png } from '../subgraphs/media/test/support/images';
import type { Platform } from '@agora/devstack';
import { startNats, tempDir, waitFor, type GraphQLResponse, type NatsServer, type TempDir } from '@agora/testing';
import { errorCodes, newPerson, operationsAt, register, startTestPlatform, waitForProfile, type Session } from './support';

const WAIT = { timeoutMs: 60_000, intervalMs: 100 };
const MiB = 1024 * 1024;

// ── fixtures (media's own, subgraphs/media/test/support/images.ts) ──────────────────────────

/** An MP4 media's container check accepts (ftyp, moov, mdat) padded with a `free` box of varied bytes to about `bytes`. */
export function mp4Video(bytes = 256 * 1024): Buffer {
  const head = minimalMp4();
  const pad = Buffer.alloc(Math.max(0, bytes - head.length - 8));
  for (let i = 0; i < pad.length; i += 1) pad[i] = (Math.imul(i, 2654435761) >>> 24) & 0xff;
  const free = Buffer.alloc(8);
  free.writeUInt32BE(8 + pad.length, 0);
  free.write('free', 4, 'latin1');
  return Buffer.concat([head, free, pad]);
}

/** A small PNG (avatars, attachments in bulk). */
export const smallPng = (size = 64): Promise<Buffer> => png({ width: size, height: size });

// ── HTTP as a browser does it ───────────────────────────────────────────────────────────────

export interface Ticket {
  item: { id: string; status: string; kind: string };
  uploadUrl: string;
  method: string;
  headers: { name: string; value: string }[];
  expiresAt: string;
}

export const CREATE_UPLOAD = `mutation($input: CreateUploadInput!) { createUpload(input: $input) {
  item { id status kind } uploadUrl method headers { name value } expiresAt } }`;

/** The ticket's headers as a fetch header record; `without` drops some (case-insensitively). */
export function ticketHeaders(ticket: Ticket, without: string[] = []): Record<string, string> {
  const drop = new Set(without.map((n) => n.toLowerCase()));
  return Object.fromEntries(ticket.headers.filter((h) => !drop.has(h.name.toLowerCase())).map((h) => [h.name, h.value]));
}

/** The ticket's PUT with `body` (a Buffer: Content-Length; a stream: chunked). */
export async function putUpload(
  ticket: Ticket,
  body: Buffer | ReadableStream<Uint8Array>,
  options: { url?: string; without?: string[] } = {},
): Promise<{ status: number; json: any; headers: Headers }> {
  const res = await fetch(options.url ?? ticket.uploadUrl, {
    method: ticket.method,
    headers: ticketHeaders(ticket, [...(options.without ?? []), ...(Buffer.isBuffer(body) ? [] : ['content-length'])]),
    body,
    duplex: 'half',
  } as RequestInit);
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = { unparsed: text.slice(0, 300) };
  }
  return { status: res.status, json, headers: res.headers };
}

/** GET (or HEAD) a URL as an `<img>`/`<video>` would: no credentials; the whole body as a Buffer. */
export async function getBytes(url: string, init: RequestInit = {}): Promise<{ status: number; headers: Headers; body: Buffer }> {
  const res = await fetch(url, { redirect: 'follow', ...init });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

/** A body that arrives in chunks with no Content-Length (the proxy and the route must count the bytes themselves). */
export function chunked(bytes: Buffer, chunk = 16 * 1024): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(new Uint8Array(bytes.subarray(offset, offset + chunk)));
      offset += chunk;
    },
  });
}

/** Every file path under `dir` (relative), [] when it does not exist. */
async function filesUnder(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  } catch {
    return [];
  }
}

export function defineMediaSuite(
  label: string,
  databaseEnv: () => Promise<{ env: Record<string, string>; cleanup(): Promise<void> }>,
): void {
  describe(`media through the gateway (${label})`, () => {
    let platform: Platform;
    let nats: NatsServer;
    let data: TempDir;
    let cleanupDatabases: () => Promise<void> = async () => {};
    let url: string;
    let gatewayOrigin: string;
    let alice: Session;
    let bob: Session;
    let carol: Session;

    const { as, raw } = operationsAt(() => url);
    const reasons = (res: GraphQLResponse) => (res.errors ?? []).map((e) => e.extensions?.reason as string | undefined);

    const ticketFor = async (who: Session, kind: string, contentType: string, byteSize: number, filename?: string): Promise<Ticket> =>
      (await as(who, CREATE_UPLOAD, { input: { kind, contentType, byteSize, ...(filename ? { filename } : {}) } })).createUpload;

    /** createUpload + PUT; expects 200 and READY; returns the id. */
    async function uploadReady(who: Session, kind: string, contentType: string, bytes: Buffer): Promise<string> {
      const ticket = await ticketFor(who, kind, contentType, bytes.length);
      const put = await putUpload(ticket, bytes);
      expect(put.status, JSON.stringify(put.json)).toBe(200);
      expect(put.json).toMatchObject({ id: ticket.item.id, status: 'READY' });
      return ticket.item.id;
    }

    const ITEM = `id kind status failureReason contentType byteSize width height url thumbnailUrl owner { id }`;
    const mediaItem = async (who: Session | null, id: string) =>
      (await as(who, `query($id: ID!) { mediaItem(id: $id) { ${ITEM} } }`, { id })).mediaItem;
    const postWithAttachments = async (who: Session | null, id: string) =>
      (await as(who, `query($id: ID!) { post(id: $id) { id attachments { id kind url thumbnailUrl } } }`, { id })).post;

    /** createPost with attachments, retried while posts' replica of media facts has not caught up. */
    async function createPostWith(who: Session, input: Record<string, unknown>): Promise<string> {
      return waitFor(
        async () => {
          const res = await raw(who, `mutation($input: CreatePostInput!) { createPost(input: $input) { id attachments { id } } }`, {
            input,
          });
          if (reasons(res)[0] === 'POSTS.ATTACHMENT_NOT_AVAILABLE') return undefined;
          if (res.errors) throw new Error(`createPost failed: ${JSON.stringify(res.errors)}`);
          return res.data.createPost.id as string;
        },
        { ...WAIT, message: 'posts never learned that the attachments are READY' },
      );
    }

    beforeAll(async () => {
      data = await tempDir('agora-e2e-media-');
      nats = await startNats();
      const db = await databaseEnv();
      cleanupDatabases = db.cleanup;
      // devstack tells media the gateway's origin (MEDIA_PUBLIC_URL): where its signed URLs must point.
      platform = await startTestPlatform({ dataDir: data.path, natsUrl: nats.url, env: db.env });
      url = platform.gatewayUrl;
      gatewayOrigin = new URL(url).origin;
      [alice, bob, carol] = await Promise.all([
        register(url, newPerson('alice')),
        register(url, newPerson('bob')),
        register(url, newPerson('carol')),
      ]);
      await Promise.all([alice, bob, carol].map((s) => waitForProfile(url, s.username, WAIT.timeoutMs)));
      await as(bob, `mutation($id: ID!) { follow(input: { userId: $id }) { id } }`, { id: alice.userId });
    });

    afterAll(async () => {
      await platform?.stop();
      await nats?.stop();
      await cleanupDatabases();
      await data?.remove();
    });

    let photo: Buffer;
    let photoId: string;
    let video: Buffer;
    let videoId: string;
    let postId: string;

    it('uploads a JPEG with GPS EXIF through the gateway: READY, stored without metadata, a WebP thumbnail ≤ 480 px', async () => {
      photo = await jpegWithGpsExif({ width: 1600, height: 1200 });
      expect(await hasExif(photo)).toBe(true); // the fixture really carries what must be removed
      expect(await hasGps(photo)).toBe(true);
      expect(await hasIcc(photo)).toBe(true);
      expect(jpegMarkers(photo)).toContain(0xfe); // and a comment

      const ticket = await ticketFor(alice, 'IMAGE', 'image/jpeg', photo.length, 'holiday.jpg');
      expect(ticket.item).toMatchObject({ status: 'PENDING', kind: 'IMAGE' });
      expect(new URL(ticket.uploadUrl).origin).toBe(gatewayOrigin); // one origin for the browser
      expect(new URL(ticket.uploadUrl).pathname).toBe(`/media/uploads/${ticket.item.id}`);
      expect(ticket.method).toBe('PUT');
      const ttl = Date.parse(ticket.expiresAt) - Date.now();
      expect(ttl).toBeGreaterThan(10 * 60_000);
      expect(ttl).toBeLessThanOrEqual(15 * 60_000 + 5_000);
      expect(ticket.headers.map((h) => h.name.toLowerCase())).toContain('content-type');

      const put = await putUpload(ticket, photo);
      expect(put.status, JSON.stringify(put.json)).toBe(200);
      expect(put.json).toMatchObject({ id: ticket.item.id, status: 'READY' });
      photoId = ticket.item.id;

      const item = await mediaItem(alice, photoId);
      expect(item).toMatchObject({
        id: photoId,
        kind: 'IMAGE',
        status: 'READY',
        contentType: 'image/jpeg',
        width: 1600,
        height: 1200,
        owner: { id: alice.userId },
      });
      expect(item.url).toMatch(new RegExp(`^${gatewayOrigin}/media/files/${photoId}/original\\?`));
      expect(item.thumbnailUrl).toMatch(new RegExp(`^${gatewayOrigin}/media/files/${photoId}/thumbnail\\?`));

      const original = await getBytes(item.url);
      expect(original.status).toBe(200);
      expect(original.headers.get('content-type')).toBe('image/jpeg');
      expect(original.headers.get('x-content-type-options')).toBe('nosniff');
      expect(Number(original.headers.get('content-length'))).toBe(original.body.length);
      expect(original.headers.get('cache-control')).toMatch(/^private, max-age=\d+, immutable$/);
      expect(original.headers.get('content-disposition')).toBe('inline');
      const etag = original.headers.get('etag');
      expect(etag).toBeTruthy();
      expect((await getBytes(item.url, { headers: { 'if-none-match': etag! } })).status).toBe(304);
      expect(await hasExif(original.body)).toBe(false);
      expect(await hasGps(original.body)).toBe(false);
      expect(await hasIcc(original.body)).toBe(false);
      // No APP1 (EXIF, XMP), APP2 (ICC), APP13 (IPTC) or comment segment is left in the bytes.
      expect(jpegMarkers(original.body).filter((m) => [0xe1, 0xe2, 0xed, 0xfe].includes(m))).toEqual([]);
      expect(original.body.includes(Buffer.from('Exif\0\0', 'latin1'))).toBe(false);
      expect(original.body.includes(Buffer.from('Rue Example'))).toBe(false);
      const served = await sharp(original.body).metadata();
      expect(served).toMatchObject({ format: 'jpeg', width: 1600, height: 1200 });
      expect(item.byteSize).toBe(original.body.length);

      const thumb = await getBytes(item.thumbnailUrl);
      expect(thumb.status).toBe(200);
      expect(thumb.headers.get('content-type')).toBe('image/webp');
      expect(thumb.headers.get('x-content-type-options')).toBe('nosniff');
      const t = await sharp(thumb.body).metadata();
      expect(t.format).toBe('webp');
      expect(Math.max(t.width!, t.height!)).toBeLessThanOrEqual(480);
      expect(Math.max(t.width!, t.height!)).toBeGreaterThan(100); // a thumbnail, not a dot
      expect(await hasExif(thumb.body)).toBe(false);

      // Not attached anywhere yet: only the owner sees it.
      expect(await mediaItem(bob, photoId)).toBeNull();
      expect(await mediaItem(null, photoId)).toBeNull();
    });

    it('stores a video as sent and serves it by byte range', async () => {
      video = mp4Video(300 * 1024);
      videoId = await uploadReady(alice, 'VIDEO', 'video/mp4', video);
      const item = await mediaItem(alice, videoId);
      expect(item).toMatchObject({ kind: 'VIDEO', status: 'READY', contentType: 'video/mp4', byteSize: video.length });

      const whole = await getBytes(item.url);
      expect(whole.status).toBe(200);
      expect(whole.headers.get('accept-ranges')).toBe('bytes');
      expect(whole.body.equals(video)).toBe(true);

      const part = await getBytes(item.url, { headers: { range: 'bytes=1000-1999' } });
      expect(part.status).toBe(206);
      expect(part.headers.get('content-range')).toBe(`bytes 1000-1999/${video.length}`);
      expect(Number(part.headers.get('content-length'))).toBe(1000);
      expect(part.body.equals(video.subarray(1000, 2000))).toBe(true);

      const tail = await getBytes(item.url, { headers: { range: 'bytes=-100' } });
      expect(tail.status).toBe(206);
      expect(tail.body.equals(video.subarray(video.length - 100))).toBe(true);

      const beyond = await getBytes(item.url, { headers: { range: `bytes=${video.length + 10}-` } });
      expect(beyond.status).toBe(416);

      const head = await getBytes(item.url, { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(Number(head.headers.get('content-length'))).toBe(video.length);
      expect(head.body.length).toBe(0);
    });

    it('attaches both to a FOLLOWERS post: the follower gets working URLs in order, the stranger and anonymous get nothing', async () => {
      postId = await createPostWith(alice, { body: 'Holiday! 📷', visibility: 'FOLLOWERS', attachmentIds: [photoId, videoId] });

      // bob (a follower) once media's replica of the post's audience caught up.
      const seen = await waitFor(
        async () => {
          const post = await postWithAttachments(bob, postId);
          return post?.attachments.length === 2 && post.attachments.every((a: any) => a.url) ? post : undefined;
        },
        { ...WAIT, message: 'bob never saw the attachments with URLs' },
      );
      expect(seen.attachments.map((a: any) => a.id)).toEqual([photoId, videoId]); // the author's order
      expect(seen.attachments.map((a: any) => a.kind)).toEqual(['IMAGE', 'VIDEO']);
      const img = await getBytes(seen.attachments[0].url);
      expect(img.status).toBe(200);
      expect(img.headers.get('content-type')).toBe('image/jpeg');
      expect(await hasGps(img.body)).toBe(false);
      expect((await getBytes(seen.attachments[0].thumbnailUrl)).status).toBe(200);
      const vid = await getBytes(seen.attachments[1].url, { headers: { range: 'bytes=0-99' } });
      expect(vid.status).toBe(206);
      expect(vid.body.equals(video.subarray(0, 100))).toBe(true);

      const byId = await mediaItem(bob, photoId);
      expect(byId).toMatchObject({ id: photoId, status: 'READY', width: 1600, height: 1200 });
      expect((await getBytes(byId.url)).status).toBe(200);

      // bob's feed carries the attachments through the graph (feed itself knows nothing of media).
      const inFeed = await waitFor(
        async () => {
          const feed = await as(bob, `{ feed(first: 20) { edges { node { id attachments { id url } } } } }`);
          const node = feed.feed.edges.find((e: any) => e.node.id === postId)?.node;
          return node?.attachments.length === 2 ? node : undefined;
        },
        { ...WAIT, message: 'bob’s feed never showed the post with its attachments' },
      );
      expect(inFeed.attachments.map((a: any) => a.id)).toEqual([photoId, videoId]);
      expect((await getBytes(inFeed.attachments[0].url)).status).toBe(200);

      // carol (not a follower) and anonymous: neither the post nor the item.
      expect(await postWithAttachments(carol, postId)).toBeNull();
      expect(await mediaItem(carol, photoId)).toBeNull();
      expect(await mediaItem(carol, videoId)).toBeNull();
      expect(await mediaItem(null, photoId)).toBeNull();
      // The owner sees her items as ever.
      expect((await mediaItem(alice, photoId)).url).toBeTruthy();
    });

    it('shows a PUBLIC post’s attachment to the stranger and to anonymous', async () => {
      const pngId = await uploadReady(alice, 'IMAGE', 'image/png', await smallPng());
      const publicPost = await createPostWith(alice, { body: 'For everyone', attachmentIds: [pngId] });
      const post = await waitFor(
        async () => {
          const p = await postWithAttachments(carol, publicPost);
          return p?.attachments[0]?.url ? p : undefined;
        },
        { ...WAIT, message: 'carol never saw the public attachment' },
      );
      const file = await getBytes(post.attachments[0].url);
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toBe('image/png');
      expect((await mediaItem(null, pngId))?.url).toBeTruthy();
    });

    it('hides the attachment from bob once he blocks alice', async () => {
      await as(bob, `mutation($id: ID!) { block(input: { userId: $id }) { id } }`, { id: alice.userId });
      await waitFor(async () => ((await mediaItem(bob, photoId)) === null ? true : undefined), {
        ...WAIT,
        message: 'bob still sees alice’s photo after blocking her',
      });
      expect(await mediaItem(bob, videoId)).toBeNull();
      expect(await postWithAttachments(bob, postId)).toBeNull();
      expect((await mediaItem(alice, photoId)).status).toBe('READY');
    });

    it('removes the files when the post is deleted', async () => {
      const item = await mediaItem(alice, photoId);
      const videoItem = await mediaItem(alice, videoId);
      const mediaDir = join(data.path, 'media-files');
      const stored = async (id: string) => (await filesUnder(mediaDir)).filter((p) => p.includes(id));
      expect((await getBytes(item.url)).status).toBe(200);
      // The local driver keeps `<mediaId>/original|thumbnail` under MEDIA_DIR (default <DATA_DIR>/media-files).
      expect((await stored(photoId)).length).toBeGreaterThanOrEqual(2);
      expect((await stored(videoId)).length).toBeGreaterThanOrEqual(1);

      expect((await as(alice, `mutation($id: ID!) { deletePost(input: { id: $id }) }`, { id: postId })).deletePost).toBe(true);
      // The URLs issued before are still validly signed: media answers 404 because the files are gone.
      await waitFor(async () => ((await getBytes(item.url)).status === 404 ? true : undefined), {
        ...WAIT,
        message: 'the photo was still served after its post was deleted',
      });
      await waitFor(async () => ((await getBytes(videoItem.url)).status === 404 ? true : undefined), {
        ...WAIT,
        message: 'the video was still served after its post was deleted',
      });
      expect((await getBytes(item.thumbnailUrl)).status).toBe(404);
      await waitFor(async () => ((await mediaItem(alice, photoId)) === null ? true : undefined), {
        ...WAIT,
        message: 'the photo’s item outlived its post',
      });
      expect(await mediaItem(alice, videoId)).toBeNull();
      expect(await stored(photoId)).toEqual([]);
      expect(await stored(videoId)).toEqual([]);
    });

    it('sets an avatar that everyone sees, also through the deprecated avatarUrl', async () => {
      const avatarPng = await smallPng(256);
      const avatarId = await uploadReady(alice, 'IMAGE', 'image/png', avatarPng);
      const set = await as(alice, `mutation($id: ID!) { setAvatar(input: { id: $id }) { id avatar { id url } } }`, { id: avatarId });
      expect(set.setAvatar).toMatchObject({ id: alice.userId, avatar: { id: avatarId } });

      const QUERY = `query($u: String!) { user(username: $u) { id avatar { id url } avatarUrl } }`;
      for (const viewer of [carol, null]) {
        const seen = await waitFor(
          async () => {
            const u = (await as(viewer, QUERY, { u: alice.username })).user;
            return u?.avatar?.url && u.avatarUrl ? u : undefined;
          },
          { ...WAIT, message: 'the avatar never showed for a stranger' },
        );
        expect(seen.avatar.id).toBe(avatarId);
        const direct = await getBytes(seen.avatar.url);
        expect(direct.status).toBe(200);
        expect(direct.headers.get('content-type')).toBe('image/png');
        // avatarUrl is media's stable redirect to a freshly signed file URL.
        expect(new URL(seen.avatarUrl).pathname).toBe(`/media/users/${alice.userId}/avatar`);
        const redirect = await fetch(seen.avatarUrl, { redirect: 'manual' });
        expect(redirect.status).toBe(302);
        expect(redirect.headers.get('location')).toMatch(new RegExp(`/media/files/${avatarId}/original\\?`));
        const followed = await getBytes(seen.avatarUrl);
        expect(followed.status).toBe(200);
        expect(followed.body.equals(direct.body)).toBe(true);
      }
      // Someone without an avatar: the route answers 404.
      expect((await fetch(`${gatewayOrigin}/media/users/${carol.userId}/avatar`, { redirect: 'manual' })).status).toBe(404);
    });

    it('refuses bad uploads with a clear HTTP error and leaves nothing behind', async () => {
      // A spoofed type: HTML declared as image/png.
      const html = htmlAsPng();
      const spoof = await ticketFor(alice, 'IMAGE', 'image/png', html.length);
      const spoofPut = await putUpload(spoof, html);
      expect(spoofPut.status).toBe(422);
      expect(spoofPut.json).toMatchObject({ id: spoof.item.id, status: 'FAILED', reason: 'MEDIA.UNSUPPORTED_TYPE' });
      expect(await mediaItem(alice, spoof.item.id)).toMatchObject({
        status: 'FAILED',
        failureReason: 'MEDIA.UNSUPPORTED_TYPE',
        url: null,
        thumbnailUrl: null,
      });

      // A second PUT to a used ticket.
      const image = await smallPng();
      const once = await ticketFor(alice, 'IMAGE', 'image/png', image.length);
      expect((await putUpload(once, image)).status).toBe(200);
      const again = await putUpload(once, image);
      expect(again.status).toBe(409);
      expect(again.json.error).toMatchObject({ reason: 'MEDIA.ALREADY_UPLOADED' });
      expect(JSON.stringify(again.json)).not.toMatch(/\n\s+at /); // no stack

      // A wrong signature, and an expiry moved (which breaks the signature too).
      const fresh = await ticketFor(alice, 'IMAGE', 'image/png', image.length);
      const forged = new URL(fresh.uploadUrl);
      forged.searchParams.set('sig', `${forged.searchParams.get('sig')!.slice(0, -2)}AA`);
      const badSig = await putUpload(fresh, image, { url: forged.toString() });
      expect(badSig.status).toBe(403);
      expect(badSig.json.error).toMatchObject({ reason: 'MEDIA.BAD_SIGNATURE' });
      const stale = new URL(fresh.uploadUrl);
      stale.searchParams.set('expires', String(Math.floor(Date.now() / 1000) - 60));
      expect((await putUpload(fresh, image, { url: stale.toString() })).status).toBe(403);
      const other = new URL(fresh.uploadUrl);
      other.pathname = `/media/uploads/${once.item.id}`; // a valid signature for another item
      expect((await putUpload(fresh, image, { url: other.toString() })).status).toBe(403);
      // The refused PUTs did not use the ticket: it still works.
      expect((await mediaItem(alice, fresh.item.id)).status).toBe('PENDING');
      expect((await putUpload(fresh, image)).status).toBe(200);
      // A tampered file URL is refused as well.
      const fileUrl = new URL((await mediaItem(alice, fresh.item.id)).url);
      fileUrl.searchParams.set('sig', 'x'.repeat(43));
      expect((await getBytes(fileUrl.toString())).status).toBe(403);

      // More bytes than declared: refused from Content-Length before reading…
      const big = Buffer.concat([await smallPng(), randomBytes(1500)]);
      const small = await ticketFor(alice, 'IMAGE', 'image/png', 1000);
      const tooLong = await putUpload(small, big, { without: ['content-length'] });
      expect(tooLong.status).toBe(413);
      expect(tooLong.json.error).toMatchObject({ reason: 'MEDIA.SIZE_MISMATCH' });
      expect((await mediaItem(alice, small.item.id)).status).toBe('PENDING'); // nothing was read: a right body may follow
      // …and, without a Content-Length, by counting the streamed bytes: FAILED, no file.
      const streamed = await ticketFor(alice, 'IMAGE', 'image/png', 1000);
      const overflow = await putUpload(streamed, chunked(big.subarray(0, 1500), 256));
      expect(overflow.status).toBe(413);
      expect(await mediaItem(alice, streamed.item.id)).toMatchObject({ status: 'FAILED', failureReason: 'MEDIA.SIZE_MISMATCH', url: null });
      const leftovers = (await filesUnder(join(data.path, 'media-files'))).filter(
        (p) => p.includes(streamed.item.id) || p.includes(small.item.id) || p.includes(spoof.item.id),
      );
      expect(leftovers).toEqual([]);

      // A path-traversal file name is only a label: the bytes are stored under the item's id.
      const traversal = await ticketFor(alice, 'IMAGE', 'image/png', image.length, '../../../../escape.png');
      expect((await putUpload(traversal, image)).status).toBe(200);
      expect((await filesUnder(data.path)).filter((p) => p.includes('escape'))).toEqual([]);
      for (let depth = 0; depth <= 4; depth += 1) {
        expect(existsSync(resolve(data.path, 'media-files', traversal.item.id, '../'.repeat(depth), 'escape.png'))).toBe(false);
      }

      // Declarations createUpload refuses.
      const tooBig = await raw(alice, CREATE_UPLOAD, { input: { kind: 'IMAGE', contentType: 'image/jpeg', byteSize: 20 * MiB } });
      expect(tooBig.errors?.map((e) => e.extensions)).toEqual([{ code: 'BAD_USER_INPUT', reason: 'MEDIA.TOO_LARGE', field: 'byteSize' }]);
      // 20 MiB is within a video's limit: the limit is per kind.
      const bigVideo = await raw(alice, CREATE_UPLOAD, { input: { kind: 'VIDEO', contentType: 'video/mp4', byteSize: 20 * MiB } });
      expect(bigVideo.errors).toBeUndefined();
      const svg = await raw(alice, CREATE_UPLOAD, { input: { kind: 'IMAGE', contentType: 'image/svg+xml', byteSize: 1000 } });
      expect(svg.errors?.map((e) => e.extensions)).toEqual([
        { code: 'BAD_USER_INPUT', reason: 'MEDIA.UNSUPPORTED_TYPE', field: 'contentType' },
      ]);
      const wrongKind = await raw(alice, CREATE_UPLOAD, { input: { kind: 'VIDEO', contentType: 'image/jpeg', byteSize: 1000 } });
      expect(reasons(wrongKind)).toEqual(['MEDIA.UNSUPPORTED_TYPE']);
      expect(errorCodes(await raw(null, CREATE_UPLOAD, { input: { kind: 'IMAGE', contentType: 'image/png', byteSize: 1000 } }))).toEqual([
        'UNAUTHENTICATED',
      ]);
    });

    it('refuses attachments that are too many, someone else’s, or not READY, with typed errors', async () => {
      const create = (input: Record<string, unknown>) =>
        raw(alice, `mutation($input: CreatePostInput!) { createPost(input: $input) { id } }`, { input: { body: 'attachments', ...input } });

      const mine = await uploadReady(alice, 'IMAGE', 'image/png', await smallPng());
      const eleven = [mine, ...Array.from({ length: 10 }, () => randomUUID())];
      const tooMany = await create({ attachmentIds: eleven });
      expect(tooMany.errors?.map((e) => e.extensions)).toEqual([
        { code: 'BAD_USER_INPUT', reason: 'POSTS.TOO_MANY_ATTACHMENTS', field: 'attachmentIds' },
      ]);
      expect(reasons(await create({ attachmentIds: [mine, mine] }))).toEqual(['POSTS.DUPLICATE_ATTACHMENT']);

      // carol's READY item, once posts knows it is READY (carol can attach it herself)…
      const carols = await uploadReady(carol, 'IMAGE', 'image/png', await smallPng());
      await createPostWith(carol, { body: 'mine', attachmentIds: [carols] });
      const foreign = await create({ attachmentIds: [carols] });
      expect(foreign.errors?.map((e) => e.extensions)).toEqual([
        { code: 'BAD_USER_INPUT', reason: 'POSTS.ATTACHMENT_NOT_AVAILABLE', field: 'attachmentIds' },
      ]);

      // …and a PENDING item of alice's (never uploaded).
      const pending = await ticketFor(alice, 'IMAGE', 'image/png', 1000);
      const notReady = await create({ attachmentIds: [pending.item.id] });
      expect(reasons(notReady)).toEqual(['POSTS.ATTACHMENT_NOT_AVAILABLE']);

      // None of the refusals published anything: alice's only post with `mine` is yet to come.
      const ok = await createPostWith(alice, { body: 'finally', attachmentIds: [mine] });
      expect((await postWithAttachments(alice, ok)).attachments).toHaveLength(1);
    });
  });
}

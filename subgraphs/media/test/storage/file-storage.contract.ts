/**
 * What every FileStorage driver promises (application/files.ts), run against the real thing: a
 * directory on disk, a real s3rver. `leftovers()` lists everything the driver's backend holds
 * (files, temporary files, directories, objects, multipart parts), so "nothing left" is proven
 * by looking, not by trusting the driver.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BodyTooLargeError, type FileStorage } from '../../src/application/files';
import { InvalidStorageKeyError } from '../../src/infrastructure/storage';

export interface StorageUnderTest {
  storage: FileStorage;
  /** Everything stored in the backend, sorted; [] when empty. */
  leftovers(): Promise<string[]>;
  /** The same driver pointed at something it cannot use (unreachable endpoint, unwritable dir). */
  broken(): FileStorage;
  close(): Promise<void>;
}

const MiB = 1024 * 1024;
const CHUNK = 64 * 1024;

/** Deterministic pseudo-random bytes: chunk `n` of stream `seed` is the same on every run. */
function chunkOf(seed: number, index: number, length: number): Buffer {
  const out = Buffer.allocUnsafe(length);
  let state = (seed * 2_654_435_761 + index * 40_503 + 1) >>> 0;
  for (let offset = 0; offset < length; offset += 4) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    if (offset + 4 <= length) out.writeUInt32LE(state, offset);
    else for (let b = 0; offset + b < length; b++) out[offset + b] = (state >>> (8 * b)) & 0xff;
  }
  return out;
}

interface Generated {
  body: Readable;
  /** Bytes the consumer has pulled so far. */
  pulled(): number;
  /** The highest process RSS seen while the consumer pulled. */
  peakRss(): number;
}

/**
 * V8's collector, for measuring what a put *holds* rather than garbage not yet collected (V8
 * collects external memory such as Buffers only every ~64 MiB of allocation, so without it RSS
 * would measure the collector's schedule).
 */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/**
 * A `size`-byte stream produced on demand (fresh buffers, as a socket gives); `failAfter` bytes
 * in, it errors instead. With `collectEvery`, it collects garbage every that many bytes.
 */
function generated(size: number, options: { seed?: number; failAfter?: number; collectEvery?: number } = {}): Generated {
  const gc = options.collectEvery === undefined ? undefined : collector();
  let collectedAt = 0;
  let produced = 0;
  let index = 0;
  let peak = 0;
  const body = new Readable({
    read() {
      if (gc && produced - collectedAt >= (options.collectEvery ?? Infinity)) {
        gc();
        collectedAt = produced;
      }
      peak = Math.max(peak, process.memoryUsage.rss());
      if (options.failAfter !== undefined && produced >= options.failAfter) {
        this.destroy(new Error('source broke off'));
        return;
      }
      if (produced >= size) {
        this.push(null);
        return;
      }
      const length = Math.min(CHUNK, size - produced);
      produced += length;
      this.push(chunkOf(options.seed ?? 1, index++, length));
    },
  });
  return { body, pulled: () => produced, peakRss: () => peak };
}

function expectedBytes(size: number, seed = 1): Buffer {
  const chunks: Buffer[] = [];
  for (let offset = 0, index = 0; offset < size; offset += CHUNK, index++)
    chunks.push(chunkOf(seed, index, Math.min(CHUNK, size - offset)));
  return Buffer.concat(chunks);
}

async function readAll(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');
const keyOf = (variant = 'raw'): string => `${randomUUID()}/${variant}`;

export function defineStorageSuite(name: string, start: () => Promise<StorageUnderTest>): void {
  describe(`FileStorage contract: ${name}`, () => {
    let subject: StorageUnderTest;
    let storage: FileStorage;

    beforeAll(async () => {
      subject = await start();
      storage = subject.storage;
    });
    afterAll(async () => {
      await subject?.close();
    });

    it('stores a multi-MiB streamed body and reads back the same bytes, size and content type', async () => {
      const size = 7 * MiB + 12_345; // more than one 5 MiB multipart part
      const key = keyOf();
      const stored = await storage.put(key, generated(size).body, { contentType: 'video/mp4', maxBytes: size });
      expect(stored).toEqual({ key, byteSize: size, contentType: 'video/mp4' });

      expect(await storage.stat(key)).toEqual({ byteSize: size, contentType: 'video/mp4' });
      const object = await storage.get(key);
      expect(object).toMatchObject({ byteSize: size, contentType: 'video/mp4' });
      const bytes = await readAll(object!.body);
      expect(bytes.length).toBe(size);
      expect(sha256(bytes)).toBe(sha256(expectedBytes(size)));
      await storage.delete([key]);
    });

    it('stores a small body and an empty one (exactly maxBytes is allowed)', async () => {
      const small = keyOf('thumbnail');
      await storage.put(small, Readable.from([Buffer.from('hello '), Buffer.from('world')]), { contentType: 'image/webp', maxBytes: 11 });
      expect(await readAll((await storage.get(small))!.body)).toEqual(Buffer.from('hello world'));

      const empty = keyOf();
      expect(await storage.put(empty, Readable.from([]), { contentType: 'image/png', maxBytes: 0 })).toMatchObject({ byteSize: 0 });
      expect(await storage.stat(empty)).toEqual({ byteSize: 0, contentType: 'image/png' });
      await storage.delete([small, empty]);
    });

    it('reads inclusive byte ranges: the first bytes, the middle, the last byte', async () => {
      const size = 300_000;
      const key = keyOf('original');
      const all = expectedBytes(size, 7);
      await storage.put(key, generated(size, { seed: 7 }).body, { contentType: 'image/jpeg', maxBytes: size });

      for (const range of [
        { start: 0, end: 15 },
        { start: 123_456, end: 200_000 },
        { start: size - 1, end: size - 1 },
      ]) {
        const part = await storage.get(key, range);
        expect(part?.byteSize).toBe(size); // the whole object's size, not the range's
        expect(part?.contentType).toBe('image/jpeg');
        expect(await readAll(part!.body)).toEqual(all.subarray(range.start, range.end + 1));
      }
      await storage.delete([key]);
    });

    it('answers undefined for an object that does not exist', async () => {
      const key = keyOf();
      expect(await storage.get(key)).toBeUndefined();
      expect(await storage.get(key, { start: 0, end: 0 })).toBeUndefined();
      expect(await storage.stat(key)).toBeUndefined();
    });

    it('deletes objects idempotently, missing ones included, and leaves nothing behind', async () => {
      const id = randomUUID();
      const keys = [`${id}/raw`, `${id}/original`, `${id}/thumbnail`];
      for (const key of keys) await storage.put(key, Readable.from([Buffer.from(key)]), { contentType: 'image/png', maxBytes: 100 });
      expect(await subject.leftovers()).not.toEqual([]);

      await storage.delete([keys[0]!, keys[1]!, keys[2]!, keyOf()]);
      await storage.delete(keys);
      await storage.delete([]);
      for (const key of keys) expect(await storage.stat(key)).toBeUndefined();
      expect(await subject.leftovers()).toEqual([]);
    });

    it('refuses a body over maxBytes with BodyTooLargeError, stops reading it and keeps nothing', async () => {
      const key = keyOf();
      const source = generated(40 * MiB);
      const maxBytes = 6 * MiB;
      await expect(storage.put(key, source.body, { contentType: 'video/webm', maxBytes })).rejects.toBeInstanceOf(BodyTooLargeError);
      expect(source.pulled()).toBeLessThan(maxBytes + 2 * MiB); // not read to its end
      expect(source.body.destroyed).toBe(true);
      expect(await storage.stat(key)).toBeUndefined();
      expect(await subject.leftovers()).toEqual([]);

      // One byte over, on the single-request path.
      const small = keyOf();
      const error = await storage
        .put(small, Readable.from([Buffer.alloc(11)]), { contentType: 'image/png', maxBytes: 10 })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BodyTooLargeError);
      expect((error as BodyTooLargeError).maxBytes).toBe(10);
      expect(await subject.leftovers()).toEqual([]);
    });

    it('keeps nothing when the source stream fails midway', async () => {
      for (const failAfter of [6 * MiB, 100_000]) {
        const key = keyOf();
        const source = generated(12 * MiB, { failAfter });
        await expect(storage.put(key, source.body, { contentType: 'video/mp4', maxBytes: 12 * MiB })).rejects.toThrow('source broke off');
        expect(await storage.stat(key)).toBeUndefined();
        expect(await subject.leftovers()).toEqual([]);
      }
    });

    it('refuses keys that are not <uuid>/<variant> (no traversal, no absolute paths) before touching anything', async () => {
      const id = randomUUID();
      const bad = [
        '../escape',
        `${id}/../../escape`,
        `../${id}/raw`,
        `/tmp/${id}/raw`,
        `${id}/raw/extra`,
        `${id}`,
        `${id}/`,
        `${id}/.hidden`,
        `${id}/raw.json`,
        `${id}/RAW`,
        `${id.toUpperCase()}/raw`,
        `${id}\\raw`,
        '',
        `${id}/raw\0`,
      ];
      for (const key of bad) {
        const body = Readable.from([Buffer.from('x')]);
        await expect(storage.put(key, body, { contentType: 'text/plain', maxBytes: 10 }), key).rejects.toBeInstanceOf(
          InvalidStorageKeyError,
        );
        await expect(storage.get(key), key).rejects.toBeInstanceOf(InvalidStorageKeyError);
        await expect(storage.stat(key), key).rejects.toBeInstanceOf(InvalidStorageKeyError);
        await expect(storage.delete([key]), key).rejects.toBeInstanceOf(InvalidStorageKeyError);
      }
      expect(await subject.leftovers()).toEqual([]);
    });

    it('pings true when usable and false when its backend is not', async () => {
      expect(await storage.ping()).toBe(true);
      expect(await subject.leftovers()).toEqual([]); // the probe is cleaned up
      expect(await subject.broken().ping()).toBe(false);
    });

    it('streams a 64 MiB body with bounded memory (RSS grows far less than the body)', async () => {
      const size = 64 * MiB;
      const key = keyOf();
      // Warm up first (modules loaded, sockets and pools set up): the growth measured is the put's own.
      await storage.put(key, generated(11 * MiB).body, { contentType: 'video/mp4', maxBytes: 11 * MiB });
      const source = generated(size, { collectEvery: 2 * MiB });
      collector()();
      const before = process.memoryUsage.rss();
      await storage.put(key, source.body, { contentType: 'video/mp4', maxBytes: size });
      const peak = Math.max(source.peakRss(), process.memoryUsage.rss());
      expect(await storage.stat(key)).toEqual({ byteSize: size, contentType: 'video/mp4' });
      expect(peak - before).toBeLessThan(48 * MiB);
      await storage.delete([key]);
      expect(await subject.leftovers()).toEqual([]);
    });
  });
}

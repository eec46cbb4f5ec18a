import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { beforeEach, describe, expect, it } from 'vitest';
import { MEDIA_LIMITS, type MediaKindName, type ProcessedUpload } from '../../src/application/files';
import { SNIFF_BYTES } from '../../src/infrastructure/processing/content-sniffing';
import { SharpUploadProcessor, type MediaLimits } from '../../src/infrastructure/processing/upload-processor';
import {
  gif,
  hasExif,
  hasGps,
  hasIcc,
  htmlAsPng,
  hugeDimensionPng,
  jpeg,
  jpegMarkers,
  jpegWithGpsExif,
  minimalMp4,
  minimalWebm,
  plainText,
  png,
  svg,
  truncatedJpeg,
  webp,
  zip,
} from '../support/images';
import { MemoryStorage } from '../support/memory-storage';

let storage: MemoryStorage;

beforeEach(() => {
  storage = new MemoryStorage();
});

interface Upload {
  kind?: MediaKindName;
  declaredContentType: string;
  declaredByteSize?: number;
  limits?: MediaLimits;
}

/** Stores `file` at `<id>/raw` as the upload route would, then processes it. */
async function upload(file: Buffer, { kind = 'IMAGE', declaredContentType, declaredByteSize = file.length, limits }: Upload) {
  const mediaId = randomUUID();
  const rawKey = `${mediaId}/raw`;
  storage.seed(rawKey, file);
  const result = await new SharpUploadProcessor(storage, limits).process({ mediaId, rawKey, kind, declaredContentType, declaredByteSize });
  return { mediaId, rawKey, result };
}

function ready(result: ProcessedUpload) {
  if (!result.ok) throw new Error(`expected READY, got ${result.reason}: ${result.message}`);
  return result;
}

async function expectRefused(file: Buffer, upload_: Upload, reason: string) {
  const { result } = await upload(file, upload_);
  expect(result).toMatchObject({ ok: false, reason });
  if (!result.ok) expect(result.message).not.toBe('');
  // Raw deleted, nothing written for the id.
  expect(storage.keys()).toEqual([]);
}

describe('SharpUploadProcessor: images', () => {
  it('the EXIF/GPS fixture really carries EXIF with GPS, an ICC profile, XMP and a comment', async () => {
    const file = await jpegWithGpsExif({ width: 64, height: 32 });
    const meta = await sharp(file).metadata();
    expect(meta.exif).toBeDefined();
    expect(await hasExif(file)).toBe(true);
    expect(await hasGps(file)).toBe(true);
    expect(await hasIcc(file)).toBe(true);
    expect(meta.xmp).toBeDefined();
    expect(jpegMarkers(file)).toEqual(expect.arrayContaining([0xe1, 0xe2, 0xfe]));
    expect(await hasGps(await jpeg({ width: 8, height: 8 }))).toBe(false);
  });

  it('re-encodes a JPEG without EXIF, GPS, ICC, XMP or comment, upright, with a WebP thumbnail of at most 480 px', async () => {
    const file = await jpegWithGpsExif({ width: 1200, height: 600, orientation: 6 });
    const { mediaId, result } = await upload(file, { declaredContentType: 'image/jpeg' });

    const done = ready(result);
    // Orientation 6: the camera was turned, the upright picture is 600 wide and 1200 high.
    expect(done).toMatchObject({ contentType: 'image/jpeg', width: 600, height: 1200 });
    expect(done.original).toEqual({ key: `${mediaId}/original`, byteSize: done.byteSize, contentType: 'image/jpeg' });
    expect(done.thumbnail).toMatchObject({ key: `${mediaId}/thumbnail`, contentType: 'image/webp' });
    expect(storage.keys()).toEqual([`${mediaId}/original`, `${mediaId}/thumbnail`].sort());

    const original = storage.read(`${mediaId}/original`);
    expect(original.length).toBe(done.byteSize);
    const meta = await sharp(original).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 600, height: 1200 });
    expect(meta.orientation).toBeUndefined();
    expect(meta.exif).toBeUndefined();
    expect(meta.icc).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(meta.iptc).toBeUndefined();
    expect(await hasGps(original)).toBe(false);
    // No APP1 (EXIF/XMP), APP2 (ICC), APP13 (IPTC) or COM segment is left in the file.
    expect(jpegMarkers(original).filter((marker) => [0xe1, 0xe2, 0xed, 0xfe].includes(marker))).toEqual([]);
    expect(original.includes(Buffer.from('Rue Example'))).toBe(false);

    const thumbnail = await sharp(storage.read(`${mediaId}/thumbnail`)).metadata();
    expect(thumbnail).toMatchObject({ format: 'webp', width: 240, height: 480 });
    expect(storage.contentTypeOf(`${mediaId}/thumbnail`)).toBe('image/webp');
    expect(storage.contentTypeOf(`${mediaId}/original`)).toBe('image/jpeg');
  });

  it('keeps the dimensions of an image without orientation, and accepts image/jpg as image/jpeg', async () => {
    const { result } = await upload(await jpegWithGpsExif({ width: 900, height: 300 }), { declaredContentType: 'image/jpg' });
    expect(ready(result)).toMatchObject({ contentType: 'image/jpeg', width: 900, height: 300 });
  });

  it('does not enlarge a small PNG for its thumbnail, and keeps it a PNG', async () => {
    const { mediaId, result } = await upload(await png({ width: 40, height: 30 }), { declaredContentType: 'image/png' });
    expect(ready(result)).toMatchObject({ contentType: 'image/png', width: 40, height: 30 });
    expect(await sharp(storage.read(`${mediaId}/original`)).metadata()).toMatchObject({ format: 'png', width: 40, height: 30 });
    expect(await sharp(storage.read(`${mediaId}/thumbnail`)).metadata()).toMatchObject({ format: 'webp', width: 40, height: 30 });
  });

  it('accepts a still WebP', async () => {
    const { mediaId, result } = await upload(await webp({ width: 1000, height: 500 }), { declaredContentType: 'image/webp' });
    expect(ready(result)).toMatchObject({ contentType: 'image/webp', width: 1000, height: 500 });
    expect(await sharp(storage.read(`${mediaId}/thumbnail`)).metadata()).toMatchObject({ width: 480, height: 240 });
  });

  it.each([
    ['gif', 'image/gif', gif],
    ['webp', 'image/webp', webp],
  ] as const)('keeps an animated %s animated; its thumbnail is the first frame', async (format, contentType, make) => {
    const { mediaId, result } = await upload(await make({ width: 600, height: 200, frames: 3 }), { declaredContentType: contentType });
    // Dimensions are of one frame, not of the stack of frames.
    expect(ready(result)).toMatchObject({ contentType, width: 600, height: 200 });
    const original = await sharp(storage.read(`${mediaId}/original`)).metadata();
    expect(original).toMatchObject({ format, pages: 3, width: 600, height: 200, delay: [100, 100, 100] });
    const thumbnail = await sharp(storage.read(`${mediaId}/thumbnail`)).metadata();
    expect(thumbnail).toMatchObject({ format: 'webp', width: 480, height: 160 });
    expect(thumbnail.pages ?? 1).toBe(1);
  });

  it.each([
    [40_000, 40_000],
    [30_000, 30_000],
  ])('refuses a PNG header claiming %i×%i pixels before decoding it (MEDIA.TOO_MANY_PIXELS)', async (width, height) => {
    // Its body is 64 zero bytes: had it been decoded, it would fail as corrupt, not as too large.
    await expectRefused(hugeDimensionPng({ width, height }), { declaredContentType: 'image/png' }, 'MEDIA.TOO_MANY_PIXELS');
  });

  it('applies the configured pixel cap, to every frame of an animation together', async () => {
    const limits = { ...MEDIA_LIMITS, maxPixels: 1000 };
    await expectRefused(await png({ width: 40, height: 40 }), { declaredContentType: 'image/png', limits }, 'MEDIA.TOO_MANY_PIXELS');
    // 20×20 a frame is under the cap, three frames are not.
    await expectRefused(
      await gif({ width: 20, height: 20, frames: 3 }),
      { declaredContentType: 'image/gif', limits },
      'MEDIA.TOO_MANY_PIXELS',
    );
    const { result } = await upload(await png({ width: 30, height: 30 }), { declaredContentType: 'image/png', limits });
    expect(result.ok).toBe(true);
  });

  it('refuses a truncated JPEG (MEDIA.CORRUPT_FILE)', async () => {
    await expectRefused(await truncatedJpeg({ width: 400, height: 300 }), { declaredContentType: 'image/jpeg' }, 'MEDIA.CORRUPT_FILE');
  });

  it.each([
    ['HTML declared as PNG', htmlAsPng(), 'image/png'],
    ['SVG', svg(), 'image/png'],
    ['plain text', plainText(), 'image/jpeg'],
    ['a zip archive', zip(), 'image/png'],
    ['an MP4 uploaded as an image', minimalMp4(), 'image/png'],
  ])('refuses %s (MEDIA.UNSUPPORTED_TYPE)', async (_name, file, declaredContentType) => {
    await expectRefused(file, { declaredContentType }, 'MEDIA.UNSUPPORTED_TYPE');
  });

  it('refuses a PNG declared as JPEG (MEDIA.TYPE_MISMATCH)', async () => {
    await expectRefused(await png({ width: 10, height: 10 }), { declaredContentType: 'image/jpeg' }, 'MEDIA.TYPE_MISMATCH');
  });

  it('refuses fewer or more bytes than declared, or none at all (MEDIA.SIZE_MISMATCH)', async () => {
    const file = await png({ width: 10, height: 10 });
    await expectRefused(file, { declaredContentType: 'image/png', declaredByteSize: file.length + 1 }, 'MEDIA.SIZE_MISMATCH');
    await expectRefused(file, { declaredContentType: 'image/png', declaredByteSize: file.length - 1 }, 'MEDIA.SIZE_MISMATCH');

    const mediaId = randomUUID();
    const result = await new SharpUploadProcessor(storage).process({
      mediaId,
      rawKey: `${mediaId}/raw`,
      kind: 'IMAGE',
      declaredContentType: 'image/png',
      declaredByteSize: 100,
    });
    expect(result).toMatchObject({ ok: false, reason: 'MEDIA.SIZE_MISMATCH' });
  });
});

describe('SharpUploadProcessor: video', () => {
  it('copies an MP4 as sent after reading only its first bytes to sniff it', async () => {
    const file = Buffer.concat([minimalMp4(), Buffer.alloc(256 * 1024, 7)]);
    const { mediaId, rawKey, result } = await upload(file, { kind: 'VIDEO', declaredContentType: 'video/mp4' });

    expect(ready(result)).toMatchObject({ contentType: 'video/mp4', byteSize: file.length, width: null, height: null, thumbnail: null });
    expect(storage.keys()).toEqual([`${mediaId}/original`]);
    expect(storage.read(`${mediaId}/original`).equals(file)).toBe(true);
    expect(storage.contentTypeOf(`${mediaId}/original`)).toBe('video/mp4');
    // One ranged read of the head for the type, one read of the whole for the streamed copy.
    expect(storage.reads.filter((read) => read.key === rawKey)).toEqual([
      { key: rawKey, range: { start: 0, end: SNIFF_BYTES - 1 } },
      { key: rawKey, range: undefined },
    ]);
  });

  it('copies a WebM as sent', async () => {
    const file = minimalWebm();
    const { mediaId, result } = await upload(file, { kind: 'VIDEO', declaredContentType: 'video/webm' });
    expect(ready(result)).toMatchObject({ contentType: 'video/webm', byteSize: file.length, thumbnail: null });
    expect(storage.read(`${mediaId}/original`).equals(file)).toBe(true);
  });

  it('refuses a WebM declared as MP4 (MEDIA.TYPE_MISMATCH)', async () => {
    await expectRefused(minimalWebm(), { kind: 'VIDEO', declaredContentType: 'video/mp4' }, 'MEDIA.TYPE_MISMATCH');
  });

  it.each([
    ['an image uploaded as a video', async () => png({ width: 10, height: 10 })],
    ['HTML', async () => htmlAsPng()],
  ])('refuses %s (MEDIA.UNSUPPORTED_TYPE)', async (_name, make) => {
    await expectRefused(await make(), { kind: 'VIDEO', declaredContentType: 'video/mp4' }, 'MEDIA.UNSUPPORTED_TYPE');
  });
});

describe('SharpUploadProcessor: storage failures', () => {
  it('throws when a write fails, after deleting the raw upload and what it wrote', async () => {
    storage.failOn('put', (key) => key.endsWith('/thumbnail'));
    const file = await png({ width: 20, height: 20 });
    const mediaId = randomUUID();
    storage.seed(`${mediaId}/raw`, file);
    const processing = new SharpUploadProcessor(storage).process({
      mediaId,
      rawKey: `${mediaId}/raw`,
      kind: 'IMAGE',
      declaredContentType: 'image/png',
      declaredByteSize: file.length,
    });
    await expect(processing).rejects.toThrow('storage down');
    expect(storage.keys()).toEqual([]);
  });

  it('throws when the storage cannot be read', async () => {
    storage.failOn('stat');
    const mediaId = randomUUID();
    storage.seed(`${mediaId}/raw`, minimalMp4());
    const processing = new SharpUploadProcessor(storage).process({
      mediaId,
      rawKey: `${mediaId}/raw`,
      kind: 'VIDEO',
      declaredContentType: 'video/mp4',
      declaredByteSize: minimalMp4().length,
    });
    await expect(processing).rejects.toThrow('storage down');
    expect(storage.keys()).toEqual([]);
  });
});

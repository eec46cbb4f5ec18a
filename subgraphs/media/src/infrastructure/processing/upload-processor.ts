/**
 * The UploadProcessor over a FileStorage, with file-type (what the bytes are) and sharp (what an
 * image holds). For `<id>/raw` it:
 *  1. compares the stored size with the declared one (MEDIA.SIZE_MISMATCH);
 *  2. sniffs the type from a ranged read of the first bytes only: not an allowed type of the
 *     declared kind → MEDIA.UNSUPPORTED_TYPE, allowed but not the declared type → MEDIA.TYPE_MISMATCH;
 *  3. images: reads the header first (over MEDIA_LIMITS.maxPixels → MEDIA.TOO_MANY_PIXELS, before any
 *     pixel is decoded), then decodes (truncated/undecodable → MEDIA.CORRUPT_FILE) and re-encodes to
 *     the same format without any metadata (EXIF, GPS, XMP, IPTC, ICC, comments), applying the EXIF
 *     orientation first so the picture stays upright; animated GIF/WebP keep their frames (they are
 *     not re-oriented: sharp cannot rotate multi-page images, and they rarely carry an orientation);
 *     a WebP thumbnail, longest side ≤ 480 px, never enlarged (first frame of an animation);
 *  4. video: streams the raw bytes unchanged to `<id>/original`; no thumbnail, no dimensions.
 * The raw object is deleted in every outcome; a refusal or an error leaves nothing for the id.
 * Bad input is an answer ({ ok: false }); only infrastructure failures throw.
 *
 * Images are held in memory while sharp works (≤ 10 MiB: sharp buffers a streamed input anyway),
 * and the encoded outputs are complete before anything is written, so a decoding failure can never
 * be mistaken for a storage failure. Video is never read whole: only its first bytes are sniffed
 * and the copy is a stream.
 */
import { Readable } from 'node:stream';
import sharp, { type Sharp } from 'sharp';
import {
  BodyTooLargeError,
  MEDIA_LIMITS,
  type FileStorage,
  type MediaKindName,
  type ProcessedUpload,
  type StorageKey,
  type StoredObject,
  type UploadFailureReason,
  type UploadProcessor,
} from '../../application/files';
import { canonicalContentType, SNIFF_BYTES, sniffContentType } from './content-sniffing';

/** MEDIA_LIMITS' shape, so tests may lower a limit. */
export interface MediaLimits {
  IMAGE: { maxBytes: number; contentTypes: readonly string[] };
  VIDEO: { maxBytes: number; contentTypes: readonly string[] };
  maxPixels: number;
  thumbnailLongestSide: number;
}

type ImageFormat = 'jpeg' | 'png' | 'webp' | 'gif';

type ProcessInput = Parameters<UploadProcessor['process']>[0];

/** A reason to refuse the upload, raised inside process and answered as { ok: false }. */
class Refusal extends Error {
  constructor(
    readonly reason: UploadFailureReason,
    message: string,
  ) {
    super(message);
  }
}

const SHARP_FORMAT: Readonly<Record<string, ImageFormat>> = {
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
};

/** Re-encoders: no withMetadata/keep*, so sharp writes no EXIF, XMP, IPTC, ICC or comment. */
const ENCODE: Readonly<Record<ImageFormat, (image: Sharp) => Sharp>> = {
  jpeg: (image) => image.jpeg({ quality: 88 }),
  png: (image) => image.png(),
  webp: (image) => image.webp({ quality: 88 }),
  gif: (image) => image.gif(),
};

export class SharpUploadProcessor implements UploadProcessor {
  constructor(
    private readonly storage: FileStorage,
    private readonly limits: MediaLimits = MEDIA_LIMITS,
  ) {}

  async process(input: ProcessInput): Promise<ProcessedUpload> {
    const everything = [input.rawKey, `${input.mediaId}/original`, `${input.mediaId}/thumbnail`];
    try {
      const outcome = await this.check(input).catch((error: unknown) => {
        if (error instanceof Refusal) return { ok: false as const, reason: error.reason, message: error.message };
        throw error;
      });
      await this.storage.delete(outcome.ok ? [input.rawKey] : everything);
      return outcome;
    } catch (error) {
      // Storage trouble: leave nothing half-done behind if the storage lets us, then report it.
      await this.storage.delete(everything).catch(() => undefined);
      throw error;
    }
  }

  private async check(input: ProcessInput): Promise<ProcessedUpload> {
    const { rawKey, kind, declaredByteSize } = input;
    const stored = await this.storage.stat(rawKey);
    const byteSize = stored?.byteSize ?? 0;
    if (byteSize !== declaredByteSize) {
      throw new Refusal('MEDIA.SIZE_MISMATCH', `${byteSize} bytes arrived, ${declaredByteSize} were declared`);
    }
    if (byteSize > this.limits[kind].maxBytes) {
      throw new Refusal('MEDIA.SIZE_MISMATCH', `a ${kind.toLowerCase()} may have at most ${this.limits[kind].maxBytes} bytes`);
    }

    const sniffed = byteSize === 0 ? undefined : await sniffContentType(await this.head(rawKey, Math.min(byteSize, SNIFF_BYTES)));
    const allowed = this.limits[kind].contentTypes;
    if (sniffed === undefined || !allowed.includes(sniffed)) {
      throw new Refusal('MEDIA.UNSUPPORTED_TYPE', `the file is no supported ${describe(kind)} (${allowed.join(', ')})`);
    }
    const declared = canonicalContentType(input.declaredContentType);
    if (sniffed !== declared) {
      throw new Refusal('MEDIA.TYPE_MISMATCH', `the file is ${sniffed}, but ${input.declaredContentType} was declared`);
    }

    return kind === 'IMAGE' ? this.cleanImage(input, sniffed, byteSize) : this.copyVideo(input, sniffed, byteSize);
  }

  private async cleanImage(input: ProcessInput, contentType: string, byteSize: number): Promise<ProcessedUpload> {
    const format = SHARP_FORMAT[contentType] as ImageFormat;
    const raw = await this.readWhole(input.rawKey, byteSize);
    const options = { limitInputPixels: this.limits.maxPixels, failOn: 'error' as const };

    // The header only: dimensions are checked before a single pixel is decoded.
    const header = await sharp(raw, options)
      .metadata()
      .catch((error: unknown) => refuseDecoding(error));
    if (header.format !== format) throw new Refusal('MEDIA.CORRUPT_FILE', `the file is not a readable ${contentType} image`);
    const frames = header.pages ?? 1;
    const frameHeight = header.pageHeight ?? header.height;
    if (header.width * frameHeight * frames > this.limits.maxPixels) {
      throw new Refusal('MEDIA.TOO_MANY_PIXELS', `the image has more than ${this.limits.maxPixels} pixels`);
    }

    const animated = frames > 1 && (format === 'gif' || format === 'webp');
    const decoded = sharp(raw, { ...options, animated });
    const cleaned = await ENCODE[format](animated ? decoded : decoded.autoOrient())
      .toBuffer({ resolveWithObject: true })
      .catch((error: unknown) => refuseDecoding(error));
    const width = cleaned.info.width;
    const height = cleaned.info.pageHeight ?? cleaned.info.height;

    const side = this.limits.thumbnailLongestSide;
    const thumbnail = await sharp(cleaned.data, options)
      .resize({ width: side, height: side, fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 80 })
      .toBuffer()
      .catch((error: unknown) => refuseDecoding(error));

    const original = await this.write(`${input.mediaId}/original`, cleaned.data, contentType);
    const thumb = await this.write(`${input.mediaId}/thumbnail`, thumbnail, 'image/webp');
    return { ok: true, contentType, byteSize: original.byteSize, width, height, original, thumbnail: thumb };
  }

  private async copyVideo(input: ProcessInput, contentType: string, byteSize: number): Promise<ProcessedUpload> {
    const source = await this.storage.get(input.rawKey);
    if (!source) throw new Error(`media ${input.mediaId}: the raw upload vanished while being processed`);
    const original = await this.storage
      .put(`${input.mediaId}/original`, source.body, { contentType, maxBytes: byteSize })
      .catch((error: unknown) => {
        if (error instanceof BodyTooLargeError) throw new Refusal('MEDIA.SIZE_MISMATCH', `more than ${byteSize} bytes arrived`);
        throw error;
      });
    return { ok: true, contentType, byteSize: original.byteSize, width: null, height: null, original, thumbnail: null };
  }

  private write(key: StorageKey, data: Buffer, contentType: string): Promise<StoredObject> {
    return this.storage.put(key, Readable.from([data]), { contentType, maxBytes: data.length });
  }

  /** The first `length` bytes of an object, by a ranged read. */
  private async head(key: StorageKey, length: number): Promise<Buffer> {
    const object = await this.storage.get(key, { start: 0, end: length - 1 });
    if (!object) throw new Error(`${key}: the raw upload vanished while being processed`);
    const chunks: Buffer[] = [];
    let collected = 0;
    for await (const chunk of object.body as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      collected += chunk.length;
      if (collected >= length) break; // ends (destroys) the stream should a driver send more
    }
    return Buffer.concat(chunks).subarray(0, length);
  }

  /** A whole (image-sized) object in memory, refusing to collect more than `maxBytes`. */
  private async readWhole(key: StorageKey, maxBytes: number): Promise<Buffer> {
    const object = await this.storage.get(key);
    if (!object) throw new Error(`${key}: the raw upload vanished while being processed`);
    const chunks: Buffer[] = [];
    let collected = 0;
    for await (const chunk of object.body as AsyncIterable<Buffer>) {
      collected += chunk.length;
      if (collected > maxBytes) throw new Refusal('MEDIA.SIZE_MISMATCH', `more than ${maxBytes} bytes arrived`);
      chunks.push(chunk);
    }
    return Buffer.concat(chunks, collected);
  }
}

function describe(kind: MediaKindName): string {
  return kind === 'IMAGE' ? 'image' : 'video';
}

/** Sharp refused the bytes: a pixel bomb or an undecodable file, both the uploader's doing. */
function refuseDecoding(error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  if (/pixel limit/i.test(message)) throw new Refusal('MEDIA.TOO_MANY_PIXELS', `the image has more than the allowed number of pixels`);
  throw new Refusal('MEDIA.CORRUPT_FILE', 'the image is truncated or cannot be decoded');
}

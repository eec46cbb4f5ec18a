/**
 * The two ports between media's application and the bytes: where files live (FileStorage, with a
 * local-disk and an S3-compatible driver) and what checks and cleans an upload (UploadProcessor,
 * file-type + sharp). Both are infrastructure; commands and routes see only these interfaces.
 */
import type { Readable } from 'node:stream';

export type MediaKindName = 'IMAGE' | 'VIDEO';

/** A stored object's key: `<mediaId>/<variant>`; never derived from a client's file name. */
export type StorageKey = string;

export interface StoredObject {
  key: StorageKey;
  byteSize: number;
  contentType: string;
}

export interface ByteRange {
  /** Inclusive first byte. */
  start: number;
  /** Inclusive last byte. */
  end: number;
}

export interface ObjectStream {
  body: Readable;
  /** Size of the whole object (not of the range). */
  byteSize: number;
  contentType: string;
}

/** Thrown by `put` when the body is longer than `maxBytes`; nothing is left stored. */
export class BodyTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`body exceeds ${maxBytes} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/** A signed request the client sends straight to storage (S3 presigned PUT). */
export interface DirectUpload {
  url: string;
  method: 'PUT';
  headers: { name: string; value: string }[];
}

export interface FileStorage {
  /** `local` or `s3`, for logs and health checks. */
  readonly driver: string;
  /**
   * Streams `body` into `key` (never buffering it whole). Refuses more than `maxBytes` with
   * BodyTooLargeError; a failed or refused put leaves no object (and no temporary file) behind.
   */
  put(key: StorageKey, body: Readable, options: { contentType: string; maxBytes: number }): Promise<StoredObject>;
  /** Reads an object, or the inclusive byte range of it; undefined when it does not exist. */
  get(key: StorageKey, range?: ByteRange): Promise<ObjectStream | undefined>;
  /** undefined when it does not exist. */
  stat(key: StorageKey): Promise<{ byteSize: number; contentType: string } | undefined>;
  /** Deletes objects; missing ones are not an error (idempotent). */
  delete(keys: readonly StorageKey[]): Promise<void>;
  /** Storage reachable and writable (readiness check). */
  ping(): Promise<boolean>;
  /** Only drivers that support direct uploads (S3): a presigned PUT for `key`. */
  presignPut?(key: StorageKey, options: { contentType: string; byteSize: number; expiresInSeconds: number }): Promise<DirectUpload>;
}

/** Why an upload was refused once its bytes arrived (the item becomes FAILED with it). */
export type UploadFailureReason =
  | 'MEDIA.UNSUPPORTED_TYPE' // the bytes are no supported image/video (HTML, SVG, zip, …)
  | 'MEDIA.TYPE_MISMATCH' // supported, but not what was declared at createUpload
  | 'MEDIA.TOO_MANY_PIXELS' // decoded dimensions over the cap (decompression bomb)
  | 'MEDIA.CORRUPT_FILE' // truncated or undecodable
  | 'MEDIA.SIZE_MISMATCH'; // fewer or more bytes than declared

export type ProcessedUpload =
  | {
      ok: true;
      /** The sniffed content type (what files are served as). */
      contentType: string;
      byteSize: number;
      width: number | null;
      height: number | null;
      /** The object to serve: images re-encoded without metadata, video as sent. */
      original: StoredObject;
      /** Images: WebP, longest side ≤ 480 px. */
      thumbnail: StoredObject | null;
    }
  | { ok: false; reason: UploadFailureReason; message: string };

export interface UploadProcessor {
  /**
   * Checks and cleans an upload already stored at `rawKey`: sniffs the type from its bytes,
   * compares with the declared one, strips metadata by re-encoding images, makes the thumbnail.
   * Writes `<mediaId>/original` (and `<mediaId>/thumbnail`); deletes `rawKey` in every outcome;
   * on failure leaves no object behind.
   */
  process(input: {
    mediaId: string;
    rawKey: StorageKey;
    kind: MediaKindName;
    declaredContentType: string;
    declaredByteSize: number;
  }): Promise<ProcessedUpload>;
}

/** Upload limits (API.md, media): images ≤ 10 MiB, video ≤ 100 MiB. */
export const MEDIA_LIMITS = Object.freeze({
  IMAGE: { maxBytes: 10 * 1024 * 1024, contentTypes: ['image/jpeg', 'image/png', 'image/webp', 'image/gif'] as readonly string[] },
  VIDEO: { maxBytes: 100 * 1024 * 1024, contentTypes: ['video/mp4', 'video/webm'] as readonly string[] },
  /** Decoded pixels an image may have (sharp's limitInputPixels): 50 megapixels. */
  maxPixels: 50_000_000,
  thumbnailLongestSide: 480,
});

import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { Readable } from 'node:stream';
import type { ByteRange, DirectUpload, FileStorage, ObjectStream, StorageKey, StoredObject } from '../../application/files';
import { ByteLimit } from './byte-limit';
import { assertStorageKey } from './storage-key';

export interface S3StorageOptions {
  bucket: string;
  /** An S3-compatible endpoint (MinIO, s3rver, R2, …); AWS's own when undefined. */
  endpoint?: string;
  region: string;
  /** Static credentials; the SDK's default chain (env, profile, instance role) when undefined. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** `<endpoint>/<bucket>/<key>` instead of `<bucket>.<endpoint>/<key>` (most self-hosted stores need it). */
  forcePathStyle?: boolean;
  /** Multipart part size (≥ 5 MiB); with `queueSize` it bounds what a put holds in memory. */
  partSize?: number;
  queueSize?: number;
  /** How long a readiness ping may take. */
  pingTimeoutMs?: number;
  /** The clock presigned URLs are signed with (tests move it). */
  now?: () => Date;
}

const MiB = 1024 * 1024;
const DELETE_BATCH = 1000; // DeleteObjects' limit per request
const FALLBACK_TYPE = 'application/octet-stream';

const statusOf = (error: unknown): number | undefined =>
  error instanceof S3ServiceException
    ? error.$metadata.httpStatusCode
    : (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;

const isNotFound = (error: unknown): boolean =>
  statusOf(error) === 404 || (error instanceof Error && (error.name === 'NoSuchKey' || error.name === 'NotFound'));

/**
 * Objects in one S3-compatible bucket under their storage keys. Puts stream through lib-storage's
 * multipart Upload, so a put holds at most `queueSize × partSize` bytes (10 MiB by default)
 * whatever the body's length; a body over `maxBytes`, a failing source or a failing request
 * aborts the multipart upload and deletes the key, so nothing remains.
 *
 * Checksums are computed only when an operation requires them (`WHEN_REQUIRED`): the SDK's
 * default since 3.729 wraps every upload in `aws-chunked` encoding with a CRC32 trailer and puts
 * checksum parameters into presigned URLs, which S3-compatible stores (s3rver, older MinIO,
 * R2, …) store verbatim or refuse; plain SigV4 with the part's length is understood by all.
 */
export class S3Storage implements FileStorage {
  readonly driver = 's3';
  readonly client: S3Client;
  private readonly bucket: string;
  private readonly partSize: number;
  private readonly queueSize: number;
  private readonly pingTimeoutMs: number;
  private readonly now: () => Date;

  constructor(options: S3StorageOptions) {
    this.bucket = options.bucket;
    this.partSize = Math.max(5 * MiB, options.partSize ?? 5 * MiB);
    this.queueSize = Math.max(1, options.queueSize ?? 2);
    this.pingTimeoutMs = options.pingTimeoutMs ?? 5_000;
    this.now = options.now ?? (() => new Date());
    this.client = new S3Client({
      region: options.region,
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle ?? false,
      credentials: options.credentials,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  async put(key: StorageKey, body: Readable, options: { contentType: string; maxBytes: number }): Promise<StoredObject> {
    assertStorageKey(key);
    const limit = new ByteLimit(options.maxBytes);
    // The first failure of the source or of the limit; the Upload only sees "the read failed".
    let streamError: unknown;
    body.on('error', (error) => {
      streamError ??= error;
      limit.destroy(error);
    });
    limit.on('error', (error) => {
      streamError ??= error;
      body.destroy(); // over the limit: stop reading at once
    });
    body.pipe(limit);
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: key, Body: limit, ContentType: options.contentType },
      partSize: this.partSize,
      queueSize: this.queueSize,
      leavePartsOnError: false, // a failed multipart upload is aborted (its parts dropped)
    });
    try {
      await upload.done();
    } catch (error) {
      body.unpipe(limit);
      body.destroy();
      limit.destroy();
      // A single-part put may have landed before the failure surfaced; make sure it is gone.
      await this.deleteQuietly(key);
      throw streamError ?? error;
    }
    if (streamError !== undefined) {
      await this.deleteQuietly(key);
      throw streamError;
    }
    return { key, byteSize: limit.bytes, contentType: options.contentType };
  }

  async get(key: StorageKey, range?: ByteRange): Promise<ObjectStream | undefined> {
    assertStorageKey(key);
    try {
      const result = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: key, Range: range ? `bytes=${range.start}-${range.end}` : undefined }),
      );
      const total = result.ContentRange ? Number(result.ContentRange.split('/')[1]) : result.ContentLength;
      if (!(result.Body instanceof Readable) || total === undefined || !Number.isFinite(total)) {
        throw new Error(`${key}: unexpected GetObject response (body or size missing)`);
      }
      return { body: result.Body, byteSize: total, contentType: result.ContentType ?? FALLBACK_TYPE };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async stat(key: StorageKey): Promise<{ byteSize: number; contentType: string } | undefined> {
    assertStorageKey(key);
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { byteSize: head.ContentLength ?? 0, contentType: head.ContentType ?? FALLBACK_TYPE };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async delete(keys: readonly StorageKey[]): Promise<void> {
    keys.forEach(assertStorageKey);
    const unique = [...new Set(keys)];
    for (let index = 0; index < unique.length; index += DELETE_BATCH) {
      const batch = unique.slice(index, index + DELETE_BATCH);
      const result = await this.client.send(
        new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }),
      );
      const failed = (result.Errors ?? []).filter((entry) => entry.Code !== 'NoSuchKey');
      if (failed.length > 0) {
        throw new Error(`S3 refused to delete ${failed.map((entry) => `${entry.Key} (${entry.Code})`).join(', ')}`);
      }
    }
  }

  async ping(): Promise<boolean> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }), { abortSignal: AbortSignal.timeout(this.pingTimeoutMs) });
      return true;
    } catch {
      return false;
    }
  }

  /** A presigned PUT to `key` whose signature covers the content type and length: another type or size is refused by S3. */
  async presignPut(key: StorageKey, options: { contentType: string; byteSize: number; expiresInSeconds: number }): Promise<DirectUpload> {
    assertStorageKey(key);
    const command = new PutObjectCommand({
      Bucket: this.bucket,
      Key: key,
      ContentType: options.contentType,
      ContentLength: options.byteSize,
    });
    const url = await getSignedUrl(this.client, command, {
      expiresIn: options.expiresInSeconds,
      signingDate: this.now(),
      signableHeaders: new Set(['content-type', 'content-length']),
    });
    return {
      url,
      method: 'PUT',
      headers: [
        { name: 'Content-Type', value: options.contentType },
        { name: 'Content-Length', value: String(options.byteSize) },
      ],
    };
  }

  /** Closes the client's sockets. */
  close(): void {
    this.client.destroy();
  }

  private async deleteQuietly(key: StorageKey): Promise<void> {
    await this.delete([key]).catch(() => {});
  }
}

/**
 * An in-memory FileStorage for unit tests, keeping the port's promises: `put` consumes a stream,
 * refuses more than maxBytes with BodyTooLargeError and then stores nothing; `get` serves inclusive
 * byte ranges. For assertions it records every `get` (key and range) and can be told to fail
 * (storage down) on chosen operations.
 */
import { Readable } from 'node:stream';
import { BodyTooLargeError, type ByteRange, type FileStorage, type ObjectStream, type StoredObject } from '../../src/application/files';

type Operation = 'put' | 'get' | 'stat' | 'delete';

export class MemoryStorage implements FileStorage {
  readonly driver = 'memory';
  private readonly objects = new Map<string, { data: Buffer; contentType: string }>();
  /** Every get, in order: which key and which range (undefined = whole object). */
  readonly reads: { key: string; range: ByteRange | undefined }[] = [];
  /** Operations (and optionally keys) that throw as if the storage were down. */
  private failing: { operation: Operation; key?: (key: string) => boolean }[] = [];

  /** Makes `operation` throw (for keys matching `key`, or all) until `heal()`. */
  failOn(operation: Operation, key?: (key: string) => boolean): void {
    this.failing.push({ operation, key });
  }

  heal(): void {
    this.failing = [];
  }

  private check(operation: Operation, key: string): void {
    if (this.failing.some((rule) => rule.operation === operation && (rule.key?.(key) ?? true))) {
      throw new Error(`storage down (${operation} ${key})`);
    }
  }

  /** Stores bytes directly (what an upload route would have put at `<id>/raw`). */
  seed(key: string, data: Buffer, contentType = 'application/octet-stream'): void {
    this.objects.set(key, { data: Buffer.from(data), contentType });
  }

  async put(key: string, body: Readable, options: { contentType: string; maxBytes: number }): Promise<StoredObject> {
    this.check('put', key);
    const chunks: Buffer[] = [];
    let byteSize = 0;
    for await (const chunk of body as AsyncIterable<Buffer | string>) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      byteSize += bytes.length;
      if (byteSize > options.maxBytes) {
        body.destroy();
        throw new BodyTooLargeError(options.maxBytes);
      }
      chunks.push(bytes);
    }
    this.objects.set(key, { data: Buffer.concat(chunks, byteSize), contentType: options.contentType });
    return { key, byteSize, contentType: options.contentType };
  }

  async get(key: string, range?: ByteRange): Promise<ObjectStream | undefined> {
    this.check('get', key);
    this.reads.push({ key, range });
    const object = this.objects.get(key);
    if (!object) return undefined;
    const data = range ? object.data.subarray(range.start, range.end + 1) : object.data;
    return { body: Readable.from([data]), byteSize: object.data.length, contentType: object.contentType };
  }

  async stat(key: string): Promise<{ byteSize: number; contentType: string } | undefined> {
    this.check('stat', key);
    const object = this.objects.get(key);
    return object && { byteSize: object.data.length, contentType: object.contentType };
  }

  async delete(keys: readonly string[]): Promise<void> {
    for (const key of keys) this.check('delete', key);
    for (const key of keys) this.objects.delete(key);
  }

  async ping(): Promise<boolean> {
    return this.failing.length === 0;
  }

  /** The stored bytes (throws when there are none: a test wanted them). */
  read(key: string): Buffer {
    const object = this.objects.get(key);
    if (!object) throw new Error(`nothing stored at ${key}`);
    return object.data;
  }

  contentTypeOf(key: string): string | undefined {
    return this.objects.get(key)?.contentType;
  }

  /** Every stored key, sorted. */
  keys(): string[] {
    return [...this.objects.keys()].sort();
  }
}

import { Readable } from 'node:stream';
import { BodyTooLargeError, type ByteRange, type FileStorage, type ObjectStream, type StoredObject } from '../../src/application/files';

/**
 * A FileStorage in memory for the context's integration tests: streams `put` with the size limit
 * (nothing kept when refused), serves ranges, and records what was deleted.
 */
export class InMemoryStorage implements FileStorage {
  readonly driver = 'memory';
  readonly objects = new Map<string, { bytes: Buffer; contentType: string }>();
  readonly deleted: string[] = [];

  async put(key: string, body: Readable, options: { contentType: string; maxBytes: number }): Promise<StoredObject> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of body) {
      const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      size += bytes.length;
      if (size > options.maxBytes) {
        body.destroy();
        throw new BodyTooLargeError(options.maxBytes);
      }
      chunks.push(bytes);
    }
    this.objects.set(key, { bytes: Buffer.concat(chunks), contentType: options.contentType });
    return { key, byteSize: size, contentType: options.contentType };
  }

  async get(key: string, range?: ByteRange): Promise<ObjectStream | undefined> {
    const object = this.objects.get(key);
    if (!object) return undefined;
    const bytes = range ? object.bytes.subarray(range.start, range.end + 1) : object.bytes;
    return { body: Readable.from([bytes]), byteSize: object.bytes.length, contentType: object.contentType };
  }

  async stat(key: string): Promise<{ byteSize: number; contentType: string } | undefined> {
    const object = this.objects.get(key);
    return object ? { byteSize: object.bytes.length, contentType: object.contentType } : undefined;
  }

  async delete(keys: readonly string[]): Promise<void> {
    for (const key of keys) {
      this.deleted.push(key);
      this.objects.delete(key);
    }
  }

  async ping(): Promise<boolean> {
    return true;
  }

  /** The keys stored for an item. */
  keysOf(mediaId: string): string[] {
    return [...this.objects.keys()].filter((key) => key.startsWith(`${mediaId}/`)).sort();
  }
}

import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ByteRange, FileStorage, ObjectStream, StorageKey, StoredObject } from '../../application/files';
import { ByteLimit } from './byte-limit';
import { assertStorageKey } from './storage-key';

const FALLBACK_TYPE = 'application/octet-stream';

const isMissing = (error: unknown): boolean => (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';

/**
 * Files under one root directory: `<root>/<mediaId>/<variant>` with its content type in a sidecar
 * `<variant>.json`. A put streams into a dot-named temporary file beside the target and renames it
 * into place only once every byte arrived (sidecar first, data last, so data never exists without
 * its type); any failure unlinks the temporary files. No fsync: a crash may lose a just-finished
 * upload, which the client then retries, but never exposes a half-written one.
 */
export class LocalDiskStorage implements FileStorage {
  readonly driver = 'local';
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  private pathOf(key: StorageKey): string {
    const [mediaId, variant] = assertStorageKey(key).split('/') as [string, string];
    return join(this.root, mediaId, variant);
  }

  async put(key: StorageKey, body: Readable, options: { contentType: string; maxBytes: number }): Promise<StoredObject> {
    const target = this.pathOf(key);
    const dir = dirname(target);
    const suffix = `${randomUUID()}.part`;
    const temporary = join(dir, `.${key.split('/')[1]}.${suffix}`);
    const temporarySidecar = join(dir, `.${key.split('/')[1]}.json.${suffix}`);
    const limit = new ByteLimit(options.maxBytes);
    try {
      await mkdir(dir, { recursive: true });
      // pipeline destroys `body` as soon as the limit (or the disk) fails: nothing more is read.
      await pipeline(body, limit, createWriteStream(temporary, { flags: 'wx' }));
      await writeFile(temporarySidecar, JSON.stringify({ contentType: options.contentType }), { flag: 'wx' });
      await rename(temporarySidecar, `${target}.json`);
      await rename(temporary, target);
    } catch (error) {
      body.destroy();
      await Promise.all([rm(temporary, { force: true }), rm(temporarySidecar, { force: true })]);
      await this.removeDirIfEmpty(dir);
      throw error;
    }
    return { key, byteSize: limit.bytes, contentType: options.contentType };
  }

  async get(key: StorageKey, range?: ByteRange): Promise<ObjectStream | undefined> {
    const path = this.pathOf(key);
    // Open first, then read size and stream from the same handle: a concurrent delete cannot
    // make the size and the bytes disagree.
    const handle = await open(path, 'r').catch((error: unknown) => {
      if (isMissing(error)) return undefined;
      throw error;
    });
    if (!handle) return undefined;
    try {
      const [info, contentType] = await Promise.all([handle.stat(), this.contentTypeOf(path)]);
      const body = handle.createReadStream(range ? { start: range.start, end: range.end } : {});
      return { body, byteSize: info.size, contentType };
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  async stat(key: StorageKey): Promise<{ byteSize: number; contentType: string } | undefined> {
    const path = this.pathOf(key);
    const handle = await open(path, 'r').catch((error: unknown) => {
      if (isMissing(error)) return undefined;
      throw error;
    });
    if (!handle) return undefined;
    try {
      const info = await handle.stat();
      return { byteSize: info.size, contentType: await this.contentTypeOf(path) };
    } finally {
      await handle.close();
    }
  }

  async delete(keys: readonly StorageKey[]): Promise<void> {
    const paths = keys.map((key) => this.pathOf(key)); // every key checked before anything is removed
    for (const path of paths) {
      await rm(path, { force: true });
      await rm(`${path}.json`, { force: true });
      await this.removeDirIfEmpty(dirname(path));
    }
  }

  async ping(): Promise<boolean> {
    const probe = join(this.root, `.ping-${randomUUID()}`);
    try {
      await mkdir(this.root, { recursive: true });
      await writeFile(probe, 'ok', { flag: 'wx' });
      await rm(probe, { force: true });
      return true;
    } catch {
      return false;
    }
  }

  /** Nothing to release (the same shape as the S3 driver's). */
  close(): void {}

  private async contentTypeOf(path: string): Promise<string> {
    try {
      const sidecar = JSON.parse(await readFile(`${path}.json`, 'utf8')) as { contentType?: unknown };
      return typeof sidecar.contentType === 'string' ? sidecar.contentType : FALLBACK_TYPE;
    } catch (error) {
      if (isMissing(error)) return FALLBACK_TYPE;
      throw error;
    }
  }

  private async removeDirIfEmpty(dir: string): Promise<void> {
    if (dir === this.root) return;
    await rmdir(dir).catch(() => {}); // ENOTEMPTY (other variants remain) or ENOENT: both fine
  }
}

/**
 * A FileStorage over a temp directory for the route tests, with the port's promises: streams,
 * refuses more than maxBytes with BodyTooLargeError, leaves nothing (not even a temporary file)
 * behind a failed put. `files()` lists every file on disk, so a test can prove "nothing stored".
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BodyTooLargeError, type ByteRange, type FileStorage, type ObjectStream, type StoredObject } from '../../src/application/files';

export class TempDirStorage implements FileStorage {
  readonly driver = 'local';
  private readonly types = new Map<string, string>();
  /** Puts that have started and not yet settled. */
  activePuts = 0;

  constructor(private readonly dir: string) {}

  private pathOf(key: string): string {
    return join(this.dir, ...key.split('/'));
  }

  async put(key: string, body: Readable, options: { contentType: string; maxBytes: number }): Promise<StoredObject> {
    const final = this.pathOf(key);
    await mkdir(dirname(final), { recursive: true });
    const temporary = `${final}.${randomUUID()}.part`;
    let byteSize = 0;
    const limit = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        byteSize += chunk.length;
        if (byteSize > options.maxBytes) done(new BodyTooLargeError(options.maxBytes));
        else done(null, chunk);
      },
    });
    this.activePuts += 1;
    try {
      await pipeline(body, limit, createWriteStream(temporary));
      await rename(temporary, final);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    } finally {
      this.activePuts -= 1;
    }
    this.types.set(key, options.contentType);
    return { key, byteSize, contentType: options.contentType };
  }

  async stat(key: string): Promise<{ byteSize: number; contentType: string } | undefined> {
    const contentType = this.types.get(key);
    if (contentType === undefined) return undefined;
    const info = await stat(this.pathOf(key)).catch(() => undefined);
    return info && { byteSize: info.size, contentType };
  }

  async get(key: string, range?: ByteRange): Promise<ObjectStream | undefined> {
    const info = await this.stat(key);
    if (!info) return undefined;
    const body = createReadStream(this.pathOf(key), range ? { start: range.start, end: range.end } : {});
    return { body, ...info };
  }

  async delete(keys: readonly string[]): Promise<void> {
    for (const key of keys) {
      this.types.delete(key);
      await rm(this.pathOf(key), { force: true });
    }
  }

  async ping(): Promise<boolean> {
    return true;
  }

  async read(key: string): Promise<Buffer> {
    return readFile(this.pathOf(key));
  }

  /** Every file under the directory (relative paths), temporary ones included. */
  async files(): Promise<string[]> {
    const entries = await readdir(this.dir, { recursive: true, withFileTypes: true });
    return entries.filter((entry) => entry.isFile()).map((entry) => relative(this.dir, join(entry.parentPath, entry.name)));
  }
}

import { randomUUID } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { tempDir, waitFor, type TempDir } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalDiskStorage } from '../../src/infrastructure/storage';
import { defineStorageSuite } from './file-storage.contract';

/** Every file and directory under `root` (dot files included), relative, sorted. */
async function everything(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.map((entry) => relative(root, join(entry.parentPath, entry.name))).sort();
}

defineStorageSuite('local disk', async () => {
  const dir = await tempDir('agora-media-local-');
  const blocker = join(dir.path, 'not-a-dir');
  await writeFile(blocker, 'a file where a directory would have to be');
  const root = join(dir.path, 'files');
  return {
    storage: new LocalDiskStorage(root),
    leftovers: () => everything(root).catch(() => []),
    broken: () => new LocalDiskStorage(join(blocker, 'files')),
    close: () => dir.remove(),
  };
});

describe('LocalDiskStorage', () => {
  let dir: TempDir;
  beforeAll(async () => {
    dir = await tempDir('agora-media-local-');
  });
  afterAll(async () => {
    await dir.remove();
  });

  it('keeps files at <root>/<mediaId>/<variant> with the content type in a sidecar another instance reads', async () => {
    const id = randomUUID();
    await new LocalDiskStorage(dir.path).put(`${id}/original`, Readable.from([Buffer.from('bytes')]), {
      contentType: 'image/gif',
      maxBytes: 5,
    });
    expect(await everything(dir.path)).toEqual([id, `${id}/original`, `${id}/original.json`]);
    expect(await readFile(join(dir.path, id, 'original'), 'utf8')).toBe('bytes');
    expect(await new LocalDiskStorage(dir.path).stat(`${id}/original`)).toEqual({ byteSize: 5, contentType: 'image/gif' });

    await new LocalDiskStorage(dir.path).delete([`${id}/original`]);
    expect(await everything(dir.path)).toEqual([]); // the emptied media directory too
  });

  it('writes into a temporary file beside the target and shows nothing under the key until the put finished', async () => {
    const id = randomUUID();
    const storage = new LocalDiskStorage(dir.path);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    async function* body() {
      yield Buffer.from('first half, ');
      await gate;
      yield Buffer.from('second half');
    }
    const put = storage.put(`${id}/raw`, Readable.from(body()), { contentType: 'video/mp4', maxBytes: 100 });
    // While the body is half read: a dot-named temporary file in the media directory, no object.
    const during = await waitForTemporary(dir.path, id);
    expect(during).toHaveLength(1);
    expect(during[0]).toMatch(new RegExp(`^${id}/\\.raw\\..+\\.part$`));
    expect(await storage.stat(`${id}/raw`)).toBeUndefined();
    release();
    expect((await put).byteSize).toBe(23);
    expect(await everything(dir.path)).toEqual([id, `${id}/raw`, `${id}/raw.json`]);
    await storage.delete([`${id}/raw`]);
  });

  it('removes a media directory only once its last variant is gone', async () => {
    const id = randomUUID();
    const storage = new LocalDiskStorage(dir.path);
    for (const variant of ['original', 'thumbnail']) {
      await storage.put(`${id}/${variant}`, Readable.from([Buffer.from(variant)]), { contentType: 'image/webp', maxBytes: 20 });
    }
    await storage.delete([`${id}/original`]);
    expect(await everything(dir.path)).toEqual([id, `${id}/thumbnail`, `${id}/thumbnail.json`]);
    await storage.delete([`${id}/thumbnail`]);
    expect(await everything(dir.path)).toEqual([]);
  });
});

async function waitForTemporary(root: string, id: string): Promise<string[]> {
  return waitFor(async () => {
    const temporary = (await everything(root).catch(() => [])).filter((path) => path.startsWith(`${id}/.`) && path.endsWith('.part'));
    return temporary.length > 0 ? temporary : undefined;
  });
}

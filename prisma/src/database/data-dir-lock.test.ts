import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir, type TempDir } from '@agora/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lockDataDir } from './data-dir-lock';

describe('PGlite data directory lock', () => {
  let dir: TempDir;
  beforeEach(async () => {
    dir = await tempDir('agora-lock-');
  });
  afterEach(async () => {
    await dir.remove();
  });

  it('refuses a directory another live process holds', async () => {
    const other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    try {
      await writeFile(join(dir.path, 'agora.lock'), String(other.pid));
      await expect(lockDataDir(dir.path)).rejects.toThrow(new RegExp(`in use by process ${other.pid}`));
    } finally {
      other.kill();
    }
  });

  it('takes over a lock left by a process that died', async () => {
    const dead = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    await new Promise((resolve) => dead.on('exit', resolve));
    await writeFile(join(dir.path, 'agora.lock'), String(dead.pid));
    const lock = await lockDataDir(dir.path);
    expect(await readFile(join(dir.path, 'agora.lock'), 'utf8')).toBe(String(process.pid));
    await lock.release();
  });

  it('refuses a second claim in the same process until released, and removes its file', async () => {
    const lock = await lockDataDir(dir.path);
    await expect(lockDataDir(dir.path)).rejects.toThrow(/already open in this process/);
    await lock.release();
    await expect(readFile(join(dir.path, 'agora.lock'))).rejects.toMatchObject({ code: 'ENOENT' });
    await (await lockDataDir(dir.path)).release();
  });
});

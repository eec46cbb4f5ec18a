/**
 * scripts/bootstrap.mjs, run against a throw-away copy of the repository layout with fake
 * `npm`, `apt-get` and `sudo` first (and only) on PATH, so nothing real is installed.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { REPO_ROOT } from '../src/service-registry';
import { findExecutable, tempDir, type TempDir } from '@agora/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

let sandbox: TempDir;
let root: string;
let bin: string;
let calls: string;

const lock = {
  name: 'agora',
  lockfileVersion: 3,
  packages: {
    '': { name: 'agora' },
    'node_modules/left-pad': { version: '1.3.0' },
    'node_modules/@esbuild/darwin-arm64': { version: '0.25.0', optional: true },
  },
};

function writeFake(name: string, body: string): void {
  const path = join(bin, name);
  writeFileSync(
    path,
    `#!${process.execPath}\nconst fs = require('node:fs');\nfs.appendFileSync(${JSON.stringify(calls)}, ${JSON.stringify(name)} + ' ' + process.argv.slice(2).join(' ') + '\\n');\n${body}\n`,
  );
  chmodSync(path, 0o755);
}

/** Installs node_modules the way npm would: the packages plus npm's record of them. */
function installTree(packages: Record<string, { version: string }>): void {
  for (const path of Object.keys(packages)) mkdirSync(join(root, path), { recursive: true });
  writeFileSync(join(root, 'node_modules', '.package-lock.json'), JSON.stringify({ name: 'agora', lockfileVersion: 3, packages }));
}

function lockHash(): string {
  return createHash('sha256')
    .update(readFileSync(join(root, 'package-lock.json')))
    .digest('hex');
}

function run(mode: string, env: Record<string, string> = {}, asUser?: string) {
  const argv = [process.execPath, join(root, 'scripts', 'bootstrap.mjs'), mode];
  const [command, ...args] = asUser ? [findExecutable('runuser', ['/usr/sbin', '/sbin'])!, '-u', asUser, '--', ...argv] : argv;
  const result = spawnSync(command!, args, {
    env: { PATH: bin, NATS_SERVER_BIN: join(bin, 'nats-server'), POSTGRES_BIN_DIR: join(root, 'pg-bin'), ...env },
    encoding: 'utf8',
  });
  const invoked = existsSync(calls) ? readFileSync(calls, 'utf8').trim().split('\n') : [];
  return { status: result.status, stderr: result.stderr.trim(), stdout: result.stdout.trim(), invoked };
}

beforeEach(async () => {
  sandbox = await tempDir('agora-bootstrap-');
  root = join(sandbox.path, 'repo');
  bin = join(sandbox.path, 'bin');
  calls = join(sandbox.path, 'calls.log');
  mkdirSync(join(root, 'scripts'), { recursive: true });
  mkdirSync(bin);
  copyFileSync(join(REPO_ROOT, 'scripts', 'bootstrap.mjs'), join(root, 'scripts', 'bootstrap.mjs'));
  writeFileSync(join(root, 'package-lock.json'), JSON.stringify(lock, null, 2));
  // `npm ci` fake: fails on request, else installs what the lockfile lists.
  writeFake(
    'npm',
    `if (process.env.FAKE_NPM_FAIL) process.exit(1);
const lock = JSON.parse(fs.readFileSync('package-lock.json', 'utf8'));
const packages = Object.fromEntries(Object.entries(lock.packages).filter(([k, v]) => k.startsWith('node_modules/') && !v.optional));
for (const k of Object.keys(packages)) fs.mkdirSync(k, { recursive: true });
fs.writeFileSync('node_modules/.package-lock.json', JSON.stringify({ packages }));`,
  );
  // apt-get fake: "installs" nats-server / postgresql unless told to fail.
  writeFake(
    'apt-get',
    `const args = process.argv.slice(2);
if (!args.includes('install')) process.exit(0);
if (process.env.FAKE_APT_FAIL) process.exit(100);
if (args.includes('nats-server')) { fs.writeFileSync(process.env.NATS_SERVER_BIN, '#!/bin/sh\\n'); fs.chmodSync(process.env.NATS_SERVER_BIN, 0o755); }
if (args.includes('postgresql')) { fs.mkdirSync(process.env.POSTGRES_BIN_DIR, { recursive: true }); fs.writeFileSync(process.env.POSTGRES_BIN_DIR + '/initdb', ''); fs.chmodSync(process.env.POSTGRES_BIN_DIR + '/initdb', 0o755); }`,
  );
  writeFake('nats-server', '');
  mkdirSync(join(root, 'pg-bin'));
  writeFileSync(join(root, 'pg-bin', 'initdb'), '');
  chmodSync(join(root, 'pg-bin', 'initdb'), 0o755);
});
afterEach(() => sandbox.remove());

describe('scripts/bootstrap.mjs', () => {
  it('is silent and runs nothing when node_modules was installed from this lockfile', () => {
    installTree({ 'node_modules/left-pad': { version: '1.3.0' } });
    writeFileSync(join(root, 'node_modules', '.agora-lock-hash'), `${lockHash()}\n`);
    for (const mode of ['start', 'test']) {
      const result = run(mode);
      expect(result).toMatchObject({ status: 0, stderr: '', stdout: '' });
    }
    expect(run('test').invoked).toEqual([]);
  });

  it('runs npm ci when there is no node_modules, then records the lockfile hash', () => {
    const result = run('start');
    expect(result.status).toBe(0);
    expect(result.invoked).toEqual(['npm ci --no-audit --no-fund']);
    expect(result.stderr).toBe('bootstrap: node_modules does not match package-lock.json: running npm ci');
    expect(readFileSync(join(root, 'node_modules', '.agora-lock-hash'), 'utf8').trim()).toBe(lockHash());
    expect(run('start').invoked).toEqual(['npm ci --no-audit --no-fund']); // not again
  });

  it('runs npm ci when the lockfile changed and the installed tree no longer matches it', () => {
    installTree({ 'node_modules/left-pad': { version: '1.2.0' } });
    writeFileSync(join(root, 'node_modules', '.agora-lock-hash'), 'stale\n');
    expect(run('test').invoked).toEqual(['npm ci --no-audit --no-fund']);
  });

  it('only records the hash when the installed tree already matches (e.g. after npm install)', () => {
    installTree({ 'node_modules/left-pad': { version: '1.3.0' } });
    const result = run('start');
    expect(result).toMatchObject({ status: 0, stderr: '', invoked: [] });
    expect(readFileSync(join(root, 'node_modules', '.agora-lock-hash'), 'utf8').trim()).toBe(lockHash());
  });

  it('exits 1 when npm ci fails, without recording the hash', () => {
    const result = run('start', { FAKE_NPM_FAIL: '1' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/`npm ci` failed/);
    expect(existsSync(join(root, 'node_modules', '.agora-lock-hash'))).toBe(false);
  });

  it('installs a missing nats-server (and Postgres for tests) with apt-get', () => {
    installTree({ 'node_modules/left-pad': { version: '1.3.0' } });
    const natsBin = join(sandbox.path, 'installed', 'nats-server');
    const pgBin = join(sandbox.path, 'installed', 'pg');
    mkdirSync(join(sandbox.path, 'installed'));
    // Not root: the fake password-less sudo runs apt-get; as root, apt-get runs directly.
    writeFake('sudo', `require('node:child_process').execFileSync(process.argv[3], process.argv.slice(4), { stdio: 'inherit' });`);
    const result = run('test', { NATS_SERVER_BIN: natsBin, POSTGRES_BIN_DIR: pgBin });
    expect(result.status).toBe(0);
    const aptCalls = result.invoked.filter((line) => line.startsWith('apt-get'));
    expect(aptCalls).toEqual(['apt-get install -y nats-server', 'apt-get install -y postgresql']);
    expect(existsSync(natsBin) && existsSync(join(pgBin, 'initdb'))).toBe(true);
  });

  it('refreshes the package lists and retries when apt-get install fails, then explains in one line', () => {
    installTree({ 'node_modules/left-pad': { version: '1.3.0' } });
    writeFake('sudo', `require('node:child_process').execFileSync(process.argv[3], process.argv.slice(4), { stdio: 'inherit' });`);
    const result = run('start', { NATS_SERVER_BIN: join(sandbox.path, 'missing'), FAKE_APT_FAIL: '1' });
    expect(result.status).toBe(1);
    expect(result.invoked.filter((line) => line.startsWith('apt-get'))).toEqual([
      'apt-get install -y nats-server',
      'apt-get update',
      'apt-get install -y nats-server',
    ]);
    expect(result.stderr.split('\n').at(-1)).toMatch(/^bootstrap: nats-server is required: run `sudo apt-get install -y nats-server`/);
  });

  it('without root or sudo, says in one line how to install what is missing', () => {
    installTree({ 'node_modules/left-pad': { version: '1.3.0' } });
    writeFileSync(join(root, 'node_modules', '.agora-lock-hash'), `${lockHash()}\n`);
    // The unprivileged user must be able to read the sandbox.
    spawnSync('chmod', ['-R', 'a+rX', sandbox.path]);
    const asUser = process.getuid?.() === 0 ? 'nobody' : undefined;
    const result = run('test', { POSTGRES_BIN_DIR: join(sandbox.path, 'missing') }, asUser);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      'bootstrap: the tests need PostgreSQL server binaries: run `sudo apt-get install -y postgresql` (Debian/Ubuntu), or set TEST_POSTGRES_URL to a server you run',
    );
    expect(result.invoked).toEqual([]);
  });

  it('does not need nats-server for `start` against an external NATS, nor Postgres when TEST_POSTGRES_URL is set', () => {
    installTree({ 'node_modules/left-pad': { version: '1.3.0' } });
    const missing = { NATS_SERVER_BIN: join(sandbox.path, 'missing'), POSTGRES_BIN_DIR: join(sandbox.path, 'missing') };
    expect(run('start', { ...missing, NATS_URL: 'nats://10.0.0.1:4222', FAKE_APT_FAIL: '1' }).status).toBe(0);
    const test = run('test', { POSTGRES_BIN_DIR: missing.POSTGRES_BIN_DIR, TEST_POSTGRES_URL: 'postgres://db/postgres' });
    expect(test.status).toBe(0);
    expect(test.invoked).toEqual([]);
  });

  it('rejects an unknown mode', () => {
    expect(run('deploy')).toMatchObject({ status: 64, stderr: 'usage: node scripts/bootstrap.mjs start|test' });
  });
});

#!/usr/bin/env node
// Runs before anything else in `npm start` / `npm test` (as `node scripts/bootstrap.mjs start|test`)
// and makes a fresh clone work with one command:
//   · node_modules matches package-lock.json (else `npm ci`);
//   · nats-server is installed (both modes; skipped for `start` when NATS_URL points elsewhere);
//   · for `test`, Postgres server binaries exist (skipped when TEST_POSTGRES_URL is set), and
//     Chromium for the browser tests (/usr/bin/chromium, Debian's `chromium` package).
// Missing system packages are installed with apt-get when we may (root or password-less sudo);
// otherwise we print one line saying how, and exit 1. Silent when everything is in place.
//
// Dependency-free on purpose: it runs before node_modules exists.
//
// Env knobs (also honoured by @agora/testing): NATS_SERVER_BIN (path of nats-server),
// POSTGRES_BIN_DIR (directory with initdb and pg_ctl).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const STAMP = join(ROOT, 'node_modules', '.agora-lock-hash');

function say(line) {
  console.error(`bootstrap: ${line}`);
}

function fail(line) {
  say(line);
  process.exit(1);
}

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name, extraDirs = []) {
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), ...extraDirs];
  return dirs.map((dir) => join(dir, name)).find(isExecutable);
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

// ── node_modules ────────────────────────────────────────────────────────────────────────────────

/**
 * Whether the installed tree already matches the lockfile, judged by npm's own record of what it
 * installed (node_modules/.package-lock.json) plus a check that each package folder exists. This
 * spares a needless `npm ci` when the stamp is merely missing or stale (e.g. after `npm install`
 * changed both the lockfile and node_modules).
 */
function installedTreeMatches(lock) {
  const installed = readJson(join(ROOT, 'node_modules', '.package-lock.json'));
  if (!lock?.packages || !installed?.packages) return false;
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (!path.includes('node_modules/')) continue; // the root and workspace folders themselves
    const actual = installed.packages[path];
    if (!actual) {
      if (entry.optional || entry.devOptional) continue; // e.g. another platform's binary
      return false;
    }
    if (actual.version !== entry.version || Boolean(actual.link) !== Boolean(entry.link)) return false;
    if (!existsSync(join(ROOT, path))) return false;
  }
  return true;
}

function ensureDependencies() {
  const lockPath = join(ROOT, 'package-lock.json');
  if (!existsSync(lockPath)) fail('package-lock.json is missing: run `npm install` once to create it');
  const lockText = readFileSync(lockPath);
  const hash = createHash('sha256').update(lockText).digest('hex');
  if (existsSync(STAMP) && readFileSync(STAMP, 'utf8').trim() === hash) return;

  if (!installedTreeMatches(readJson(lockPath))) {
    say('node_modules does not match package-lock.json: running npm ci');
    const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: ROOT, stdio: 'inherit' });
    if (result.status !== 0) fail('`npm ci` failed (see above); fix the error and run the command again');
  }
  writeFileSync(STAMP, `${hash}\n`);
}

// ── system packages ─────────────────────────────────────────────────────────────────────────────

function aptPrefix() {
  if (!onPath('apt-get', ['/usr/bin'])) return undefined;
  if (process.getuid?.() === 0) return [];
  if (onPath('sudo') && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0) return ['sudo', '-n'];
  return undefined;
}

/** apt-get install, refreshing the package lists once if the first attempt fails. */
function aptInstall(pkg) {
  const prefix = aptPrefix();
  if (!prefix) return false;
  const apt = (...args) => {
    const [command, ...rest] = [...prefix, 'apt-get', ...args];
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    return spawnSync(command, rest, { stdio: 'inherit', env }).status === 0;
  };
  say(`${pkg} is missing: installing it with apt-get`);
  if (apt('install', '-y', pkg)) return true;
  apt('update');
  return apt('install', '-y', pkg);
}

function findNatsServer() {
  const explicit = process.env.NATS_SERVER_BIN;
  if (explicit) return isExecutable(explicit) ? explicit : undefined;
  return onPath('nats-server', ['/usr/sbin', '/usr/local/sbin', '/usr/local/bin', '/usr/bin']);
}

function findPostgresBinDir() {
  const explicit = process.env.POSTGRES_BIN_DIR;
  if (explicit) return isExecutable(join(explicit, 'initdb')) ? explicit : undefined;
  const base = '/usr/lib/postgresql';
  if (existsSync(base)) {
    for (const version of readdirSync(base)) {
      const dir = join(base, version, 'bin');
      if (isExecutable(join(dir, 'initdb'))) return dir;
    }
  }
  const initdb = onPath('initdb');
  return initdb ? dirname(initdb) : undefined;
}

function ensureNatsServer() {
  if (findNatsServer()) return;
  if (aptInstall('nats-server') && findNatsServer()) return;
  fail(
    'nats-server is required: run `sudo apt-get install -y nats-server` (Debian/Ubuntu) or get it from https://github.com/nats-io/nats-server/releases',
  );
}

function ensurePostgres() {
  if (findPostgresBinDir()) return;
  if (aptInstall('postgresql') && findPostgresBinDir()) return;
  fail(
    'the tests need PostgreSQL server binaries: run `sudo apt-get install -y postgresql` (Debian/Ubuntu), or set TEST_POSTGRES_URL to a server you run',
  );
}

function ensureChromium() {
  if (isExecutable('/usr/bin/chromium')) return;
  if (aptInstall('chromium') && isExecutable('/usr/bin/chromium')) return;
  fail('the browser tests need Chromium at /usr/bin/chromium: run `sudo apt-get install -y chromium` (Debian/Ubuntu)');
}

// ── main ────────────────────────────────────────────────────────────────────────────────────────

const mode = process.argv[2];
if (mode !== 'start' && mode !== 'test') {
  console.error('usage: node scripts/bootstrap.mjs start|test');
  process.exit(64);
}
ensureDependencies();
if (mode === 'test' || !process.env.NATS_URL) ensureNatsServer();
if (mode === 'test' && !process.env.TEST_POSTGRES_URL) ensurePostgres();
if (mode === 'test') ensureChromium();

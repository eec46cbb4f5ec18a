/**
 * Makes sure a nats-server binary exists before the dev stack starts: installs it with apt-get
 * when we may (root, or password-less sudo), otherwise explains in one line how to install it.
 */
import { spawnSync } from 'node:child_process';
import { findExecutable, findNatsServer } from '@agora/testing';

export type EnsureResult = { ok: true; path: string } | { ok: false; message: string };

export interface EnsureNatsDeps {
  find: () => string | undefined;
  isRoot: boolean;
  hasAptGet: boolean;
  canSudo: () => boolean;
  /** Runs a command with inherited output; true when it exited 0. */
  run: (command: string, args: string[]) => boolean;
  log: (line: string) => void;
}

const MANUAL =
  'nats-server is not installed: run `sudo apt-get install -y nats-server` (Debian/Ubuntu) or get it from https://github.com/nats-io/nats-server/releases, then try again';

export function ensureNatsServer(deps: EnsureNatsDeps = systemDeps()): EnsureResult {
  const found = deps.find();
  if (found) return { ok: true, path: found };
  if (!deps.hasAptGet) return { ok: false, message: MANUAL };
  const prefix = deps.isRoot ? [] : deps.canSudo() ? ['sudo', '-n'] : undefined;
  if (!prefix) return { ok: false, message: MANUAL };

  const apt = (...args: string[]) => {
    const [command, ...rest] = [...prefix, 'apt-get', ...args];
    return deps.run(command!, rest);
  };
  deps.log('nats-server not found: installing it with apt-get');
  // A fresh machine often has no package lists yet: update only when the first try fails.
  if (!apt('install', '-y', 'nats-server')) {
    apt('update');
    apt('install', '-y', 'nats-server');
  }
  const installed = deps.find();
  return installed ? { ok: true, path: installed } : { ok: false, message: `apt-get could not install nats-server; ${MANUAL}` };
}

function systemDeps(): EnsureNatsDeps {
  return {
    find: findNatsServer,
    isRoot: process.getuid?.() === 0,
    hasAptGet: findExecutable('apt-get', ['/usr/bin']) !== undefined,
    canSudo: () => spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0,
    run: (command, args) =>
      spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status === 0,
    log: (line) => console.error(line),
  };
}

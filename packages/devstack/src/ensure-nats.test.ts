import { describe, expect, it } from 'vitest';
import { ensureNatsServer, type EnsureNatsDeps } from './ensure-nats';

/** A fake machine on which `apt-get install` succeeds (optionally only after `apt-get update`). */
function machine(overrides: Partial<EnsureNatsDeps> & { installSucceeds?: boolean; needsUpdate?: boolean } = {}) {
  const commands: string[] = [];
  let installed = false;
  let updated = false;
  const deps: EnsureNatsDeps = {
    find: () => (installed ? '/usr/sbin/nats-server' : undefined),
    isRoot: true,
    hasAptGet: true,
    canSudo: () => false,
    run: (command, args) => {
      commands.push([command, ...args].join(' '));
      if (args.includes('update')) updated = true;
      if (args.includes('install') && overrides.installSucceeds !== false && (!overrides.needsUpdate || updated)) {
        installed = true;
        return true;
      }
      return args.includes('update');
    },
    log: () => undefined,
    ...overrides,
  };
  return { deps, commands };
}

describe('ensureNatsServer', () => {
  it('does nothing when nats-server is already there', () => {
    const { deps, commands } = machine({ find: () => '/usr/sbin/nats-server' });
    expect(ensureNatsServer(deps)).toEqual({ ok: true, path: '/usr/sbin/nats-server' });
    expect(commands).toEqual([]);
  });

  it('installs it with apt-get as root', () => {
    const { deps, commands } = machine();
    expect(ensureNatsServer(deps)).toEqual({ ok: true, path: '/usr/sbin/nats-server' });
    expect(commands).toEqual(['apt-get install -y nats-server']);
  });

  it('updates the package lists and retries when the first install fails', () => {
    const { deps, commands } = machine({ needsUpdate: true });
    expect(ensureNatsServer(deps).ok).toBe(true);
    expect(commands).toEqual(['apt-get install -y nats-server', 'apt-get update', 'apt-get install -y nats-server']);
  });

  it('uses password-less sudo when not root', () => {
    const { deps, commands } = machine({ isRoot: false, canSudo: () => true });
    expect(ensureNatsServer(deps).ok).toBe(true);
    expect(commands).toEqual(['sudo -n apt-get install -y nats-server']);
  });

  it('explains in one line how to install it when it may not install', () => {
    const { deps, commands } = machine({ isRoot: false, canSudo: () => false });
    const result = ensureNatsServer(deps);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/^nats-server is not installed: run `sudo apt-get install -y nats-server`[^\n]*$/);
    expect(commands).toEqual([]);
  });

  it('reports a failed installation', () => {
    const { deps } = machine({ installSucceeds: false });
    const result = ensureNatsServer(deps);
    expect(!result.ok && result.message).toMatch(/^apt-get could not install nats-server; /);
  });

  it('does not try apt-get where there is none', () => {
    const { deps, commands } = machine({ hasAptGet: false });
    expect(ensureNatsServer(deps).ok).toBe(false);
    expect(commands).toEqual([]);
  });
});

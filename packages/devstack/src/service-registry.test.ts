import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '@agora/testing';
import { describe, expect, it } from 'vitest';
import { envPrefix, loadServices, REPO_ROOT, SERVICES } from './service-registry';

describe('SERVICES', () => {
  it('lists the registry subgraphs in order, then the gateway', () => {
    const registry = JSON.parse(readFileSync(join(REPO_ROOT, 'schema', 'subgraphs.json'), 'utf8')) as {
      subgraphs: { name: string; dir: string; port: number }[];
      gateway: { dir: string; port: number };
    };
    expect(SERVICES).toEqual([
      ...registry.subgraphs.map((s) => ({ name: s.name, dir: s.dir, defaultPort: s.port, kind: 'subgraph' })),
      { name: 'gateway', dir: registry.gateway.dir, defaultPort: registry.gateway.port, kind: 'gateway' },
    ]);
    expect(SERVICES.at(-1)?.kind).toBe('gateway');
  });
});

describe('loadServices', () => {
  it('names the registry and the bad field', async () => {
    const dir = await tempDir();
    const path = join(dir.path, 'subgraphs.json');
    writeFileSync(
      path,
      JSON.stringify({ subgraphs: [{ name: 'posts', dir: 'subgraphs/posts', port: 'x' }], gateway: { dir: 'gateway', port: 4000 } }),
    );
    expect(() => loadServices(path)).toThrow(`invalid subgraph registry ${path}: subgraphs.0.port:`);
    await dir.remove();
  });

  it('rejects duplicate context names', async () => {
    const dir = await tempDir();
    const path = join(dir.path, 'subgraphs.json');
    const posts = { name: 'posts', dir: 'subgraphs/posts', port: 4003 };
    writeFileSync(path, JSON.stringify({ subgraphs: [posts, posts], gateway: { dir: 'gateway', port: 4000 } }));
    expect(() => loadServices(path)).toThrow('duplicate or reserved name "posts"');
    await dir.remove();
  });

  it('explains a missing registry file', () => {
    expect(() => loadServices('/nonexistent/subgraphs.json')).toThrow('cannot read the subgraph registry /nonexistent/subgraphs.json');
  });
});

describe('envPrefix', () => {
  it('upper-cases the name and turns separators into underscores', () => {
    expect(envPrefix('identity')).toBe('IDENTITY');
    expect(envPrefix('user-search')).toBe('USER_SEARCH');
  });
});

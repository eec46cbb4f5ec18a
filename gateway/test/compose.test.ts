import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { tempDir, type TempDir } from '@agora/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { composeFromRegistry, composeSupergraph, renderSupergraphFile } from '../src/supergraph/compose';
import { subgraphsOf } from '../src/supergraph/subgraph-endpoints';

const run = promisify(execFile);
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const GATEWAY_DIR = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(GATEWAY_DIR, 'src/supergraph/compose-cli.ts');
const TSX = join(GATEWAY_DIR, '../node_modules/.bin/tsx');

async function compose(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(TSX, [CLI, ...args], { cwd: GATEWAY_DIR });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('supergraph composition (library)', () => {
  it('composes the fixture registry with the registry ports as routing URLs', async () => {
    const result = await composeFromRegistry(join(FIXTURES, 'valid'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.subgraphs).toEqual(['accounts', 'notes']);
    expect(subgraphsOf(result.supergraphSdl)).toEqual([
      { name: 'accounts', url: 'http://localhost:4901/graphql' },
      { name: 'notes', url: 'http://localhost:4902/graphql' },
    ]);
    expect(result.supergraphSdl).toMatch(/type User\s+@join__type\(graph: ACCOUNTS, key: "id"\)\s+@join__type\(graph: NOTES, key: "id"\)/);
  });

  it('names the subgraphs, the field and the rule of a conflict', async () => {
    const result = await composeFromRegistry(join(FIXTURES, 'conflict'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const mismatch = result.errors.find((e) => e.code === 'FIELD_TYPE_MISMATCH');
    expect(mismatch).toMatchObject({ subgraphs: ['accounts', 'notes'], coordinates: ['User.username'] });
    expect(mismatch?.locations).toEqual([
      { subgraph: 'accounts', path: '../sdl/accounts.graphql', line: 12, column: 3, coordinate: 'User.username' },
      { subgraph: 'notes', path: '../sdl/notes-conflict.graphql', line: 15, column: 3, coordinate: 'User.username' },
    ]);
    // Errors without AST nodes still name subgraphs and coordinates (from the message).
    expect(result.errors.find((e) => e.code === 'INVALID_FIELD_SHARING')).toMatchObject({
      subgraphs: ['accounts', 'notes'],
      coordinates: ['User.username'],
    });
  });

  it('reports every missing file and syntax error in one run', async () => {
    const result = await composeFromRegistry(join(FIXTURES, 'broken'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.code, e.subgraphs])).toEqual([
      ['SCHEMA_FILE_MISSING', ['ghost']],
      ['GRAPHQL_PARSE_FAILED', ['notes']],
    ]);
    expect(result.errors[1]?.locations[0]).toMatchObject({ path: '../sdl/broken.graphql', line: 5, column: 1 });
  });

  it('points subgraph-level validation errors at the subgraph and field', () => {
    const sdl = (body: string) => `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])\n${body}`;
    const result = composeSupergraph([
      { name: 'a', url: 'http://a/graphql', sdl: sdl('type Query { me: User }\ntype User @key(fields: "id") { id: ID! friend: Frend }') },
      { name: 'b', url: 'http://b/graphql', sdl: sdl('type Query { x: Int }') },
    ]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]).toMatchObject({ code: 'INVALID_GRAPHQL', subgraphs: ['a'], coordinates: ['User.friend'] });
  });

  it('renders a deterministic file with a generated-by header', async () => {
    const a = await composeFromRegistry(join(FIXTURES, 'valid'));
    const b = await composeFromRegistry(join(FIXTURES, 'valid'));
    if (!a.ok || !b.ok) throw new Error('fixture must compose');
    const file = renderSupergraphFile(a.supergraphSdl, a.subgraphs);
    expect(file).toBe(renderSupergraphFile(b.supergraphSdl, b.subgraphs));
    expect(file.split('\n')[0]).toBe('# GENERATED FILE: do not edit by hand.');
    expect(file).toContain('`npm run schema:compose`');
  });
});

// Spawns tsx per run: allow for a loaded machine.
describe('compose CLI', { timeout: 120_000 }, () => {
  let dir: TempDir;
  beforeEach(async () => {
    dir = await tempDir('agora-compose-');
  });
  afterEach(async () => {
    await dir.remove();
  });

  it('writes the supergraph and exits 0; --check then passes', async () => {
    const out = join(dir.path, 'supergraph.graphql');
    const first = await compose(['--root', join(FIXTURES, 'valid'), '--out', out]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Composed accounts, notes');
    const written = await readFile(out, 'utf8');
    expect(written).toMatch(/^# GENERATED FILE/);
    expect(subgraphsOf(written).map((s) => s.name)).toEqual(['accounts', 'notes']);
    expect((await compose(['--root', join(FIXTURES, 'valid'), '--out', out, '--check'])).code).toBe(0);
  });

  it('--check fails on a stale file without touching it', async () => {
    const out = join(dir.path, 'supergraph.graphql');
    await writeFile(out, '# old\n');
    const check = await compose(['--root', join(FIXTURES, 'valid'), '--out', out, '--check']);
    expect(check.code).toBe(1);
    expect(check.stderr).toContain('is stale');
    expect(await readFile(out, 'utf8')).toBe('# old\n');
  });

  it('prints each error with subgraphs, field and rule, exits 1 and writes nothing', async () => {
    const out = join(dir.path, 'supergraph.graphql');
    const result = await compose(['--root', join(FIXTURES, 'conflict'), '--out', out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Composition failed with 2 error(s)');
    expect(result.stderr).toContain('✖ FIELD_TYPE_MISMATCH: Type of field "User.username" is incompatible');
    expect(result.stderr).toContain('subgraph(s): accounts, notes');
    expect(result.stderr).toContain('at: User.username');
    expect(result.stderr).toContain('notes: ../sdl/notes-conflict.graphql:15:3 (User.username)');
    expect(result.stderr).toContain('✖ INVALID_FIELD_SHARING');
    await expect(readFile(out, 'utf8')).rejects.toThrow(/ENOENT/);
  });
});

/**
 * The context generator on a copy of the repository's registry files: what it writes, what it
 * registers, and what it refuses. (That the skeleton it writes typechecks and passes its own
 * lifecycle test is checked by running `npm run new:context` in a scratch clone; see the README.)
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tempDir, type TempDir } from '@agora/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contextNames } from '../src/new-context/names';
import { generateContext } from '../src/new-context/generate';
import { REPO_ROOT } from '../src/service-registry';

const COPIED = ['schema/subgraphs.json', 'docker-compose.yml', 'Dockerfile', 'deploy/postgres/init-roles.sh', '.env.example'];

let root: TempDir;
const read = (file: string) => readFileSync(join(root.path, file), 'utf8');

beforeEach(async () => {
  root = await tempDir('new-context');
  for (const file of COPIED) {
    mkdirSync(dirname(join(root.path, file)), { recursive: true });
    copyFileSync(join(REPO_ROOT, file), join(root.path, file));
  }
});
afterEach(async () => root.remove());

describe('new:context', () => {
  it('writes the skeleton of a context on the one way: package, config, app, schema, prisma schema, lifecycle test', () => {
    const generated = generateContext({ root: root.path, name: 'user-search' });

    expect(generated.dir).toBe('subgraphs/user-search');
    for (const file of [
      'package.json',
      'codegen.ts',
      'prisma/schema.prisma',
      'src/config.ts',
      'src/app.ts',
      'src/main.ts',
      'src/domain/user-search.errors.ts',
      'src/application/ports.ts',
      'src/infrastructure/user-search-scope.ts',
      'src/graphql/schema.graphql',
      'src/graphql/resolvers/index.ts',
      'test/lifecycle.test.ts',
    ]) {
      expect(existsSync(join(root.path, generated.dir, file)), file).toBe(true);
    }
    const pkg = JSON.parse(read('subgraphs/user-search/package.json'));
    expect(pkg.name).toBe('@agora/user-search');
    expect(pkg.scripts.test).toBe('cd ../.. && vitest run --project @agora/user-search');
    expect(read('subgraphs/user-search/src/config.ts')).toContain(`contextConfigSchema('user-search', ${generated.port})`);
    const app = read('subgraphs/user-search/src/app.ts');
    expect(app).toContain('export const startUserSearch = defineBoundedContext({');
    expect(app).toContain("name: 'user-search',");
    expect(app).toContain('scope: userSearchScope,');
    expect(read('subgraphs/user-search/src/graphql/schema.graphql')).toMatch(
      /^extend schema @link\(url: "https:\/\/specs\.apollo\.dev\/federation\/v2\.7"/,
    );
    expect(read('subgraphs/user-search/src/domain/user-search.errors.ts')).toContain('export class UserSearchError extends DomainError');
  });

  it('registers the context everywhere a context is listed, on the next free port', () => {
    const before = JSON.parse(read('schema/subgraphs.json'));
    const highest = Math.max(...before.subgraphs.map((s: { port: number }) => s.port), before.gateway.port);

    const generated = generateContext({ root: root.path, name: 'bookmarks' });

    expect(generated.port).toBe(highest + 1);
    const after = JSON.parse(read('schema/subgraphs.json'));
    expect(after.subgraphs.at(-1)).toEqual({
      name: 'bookmarks',
      dir: 'subgraphs/bookmarks',
      schema: 'subgraphs/bookmarks/src/graphql/schema.graphql',
      port: generated.port,
    });
    expect(after.subgraphs.slice(0, -1)).toEqual(before.subgraphs);

    const compose = read('docker-compose.yml');
    expect(compose).toContain(`  bookmarks:\n    <<: *node-service`);
    expect(compose).toContain(`BOOKMARKS_PORT: "${generated.port}"`);
    expect(compose).toContain(
      'BOOKMARKS_DATABASE_URL: postgres://bookmarks:${POSTGRES_BOOKMARKS_PASSWORD:?set POSTGRES_BOOKMARKS_PASSWORD}@postgres:5432/agora_bookmarks',
    );
    expect(compose).toContain('      NATS_USER: bookmarks\n      NATS_PASSWORD: ${NATS_BOOKMARKS_PASSWORD:?set NATS_BOOKMARKS_PASSWORD}\n');
    // Postgres and NATS receive its passwords.
    const section = (name: string) =>
      compose.slice(compose.indexOf(`\n  ${name}:\n`), compose.indexOf('\n\n', compose.indexOf(`\n  ${name}:\n`) + 1));
    expect(section('postgres')).toContain(
      '      POSTGRES_BOOKMARKS_PASSWORD: ${POSTGRES_BOOKMARKS_PASSWORD:?set POSTGRES_BOOKMARKS_PASSWORD}\n',
    );
    expect(section('nats')).toContain('      NATS_BOOKMARKS_PASSWORD: ${NATS_BOOKMARKS_PASSWORD:?set NATS_BOOKMARKS_PASSWORD}\n');
    expect(read('.env.example')).toMatch(/^POSTGRES_BOOKMARKS_PASSWORD=$/m);
    expect(read('.env.example')).toMatch(/^NATS_BOOKMARKS_PASSWORD=$/m);
    // The gateway routes to it and waits for its health.
    const gateway = compose.slice(compose.indexOf('\n  gateway:\n'));
    expect(gateway).toContain(`      BOOKMARKS_URL: http://bookmarks:${generated.port}/graphql\n`);
    expect(gateway).toContain('      bookmarks: { condition: service_healthy }\n');
    expect(compose.indexOf('\n  bookmarks:\n')).toBeLessThan(compose.indexOf('\n  gateway:\n'));

    expect(read('Dockerfile')).toContain('COPY subgraphs/bookmarks/package.json subgraphs/bookmarks/\n');
    expect(read('deploy/postgres/init-roles.sh')).toMatch(/^CONTEXTS=\(identity .* moderation bookmarks\)$/m);
  });

  it('refuses a name that is taken, malformed or reserved, and a taken port, writing nothing', () => {
    const registry = read('schema/subgraphs.json');
    expect(() => generateContext({ root: root.path, name: 'social' })).toThrow(/exists already/);
    expect(() => generateContext({ root: root.path, name: 'Bookmarks' })).toThrow(/not a context name/);
    expect(() => generateContext({ root: root.path, name: 'gateway' })).toThrow(/reserved/);
    expect(() => generateContext({ root: root.path, name: 'bookmarks', port: 4000 })).toThrow(/port 4000 is taken/);
    expect(read('schema/subgraphs.json')).toBe(registry);
    expect(existsSync(join(root.path, 'subgraphs/bookmarks'))).toBe(false);
  });

  it('spells a name every way a context needs it', () => {
    expect(contextNames('user-search')).toEqual({
      name: 'user-search',
      pascal: 'UserSearch',
      camel: 'userSearch',
      constant: 'USER_SEARCH',
      database: 'agora_user_search',
    });
  });
});

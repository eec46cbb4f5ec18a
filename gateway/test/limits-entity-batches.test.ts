import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort, gql, tempDir } from '@agora/testing';
import { GraphQLError } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type RunningGateway } from '../src/app';
import { loadGatewayConfig } from '../src/config';
import { ENTITY_BATCH_BYTES, chunkRepresentations, mergeEntityResponses } from '../src/subgraphs/agora-data-source';
import { composeSupergraph, renderSupergraphFile } from '../src/supergraph/compose';
import { FIXTURES_DIR, startFixtureSubgraph, type FixtureSubgraph } from './support/fixture-subgraph';
import { startJwksServer, type JwksServer } from './support/jwks-server';

/**
 * A legitimate large page (issue #15): the gateway's `_entities` request for it is larger than a
 * subgraph's JSON body limit (100kb: the fixture subgraphs parse bodies with express.json()'s
 * default, as service-kit's servers do). The gateway must split it, not lose the field to a 413.
 */

/** An 80-character user id: 100 × 10 of their representations are a ~110kb `_entities` body. */
const userId = (i: number) => `user-${String(i).padStart(75, '0')}`;
const PAGE = 100;
const PER_AUTHOR = 10;
/** Page note `n-<a>` is by user a; that user's j-th note `n-<a>-<j>` is by user PAGE + a × 10 + j: all distinct. */
const notesOf = (author: number) =>
  Array.from({ length: PER_AUTHOR }, (_, j) => ({ id: `n-${author}-${j}`, text: 't', authorId: userId(author * PER_AUTHOR + j + PAGE) }));
/** Ids whose reference resolution fails (set by one test): each error must land on its own path. */
const broken = new Set<string>();

describe('large entity batches', () => {
  let gateway: RunningGateway;
  let accounts: FixtureSubgraph;
  let notes: FixtureSubgraph;
  let jwks: JwksServer;
  let removeDir: () => Promise<void>;

  beforeAll(async () => {
    const secret = randomBytes(32).toString('hex');
    jwks = await startJwksServer();
    accounts = await startFixtureSubgraph({
      name: 'accounts',
      sdlFile: 'accounts.graphql',
      context: async () => ({}),
      resolvers: {
        Query: { me: () => null, user: () => null },
        User: {
          // Async: a rejection fails only its own entity (path ['_entities', i]), not the whole list.
          __resolveReference: async (ref: { id: string }) => {
            if (broken.has(ref.id)) throw new GraphQLError(`No user ${ref.id}`, { extensions: { code: 'NOT_FOUND' } });
            return { id: ref.id, username: `name-of-${ref.id}` };
          },
          bestFriend: () => null,
        },
      },
    });
    notes = await startFixtureSubgraph({
      name: 'notes',
      sdlFile: 'notes.graphql',
      context: async () => ({}),
      resolvers: {
        Query: {
          notes: (_: unknown, args: { first?: number }) =>
            Array.from({ length: Math.min(args.first ?? 20, PAGE) }, (_, a) => ({ id: `n-${a}`, text: 't', authorId: userId(a) })),
        },
        Note: { author: (note: { authorId: string }) => ({ __typename: 'User', id: note.authorId }) },
        User: {
          notes: (user: { id: string }, args: { first?: number }) =>
            notesOf(Number(user.id.slice('user-'.length))).slice(0, args.first ?? 20),
        },
      },
    });
    const dir = await tempDir('agora-gateway-batches-');
    removeDir = () => dir.remove();
    const composed = composeSupergraph(
      await Promise.all(
        ['accounts', 'notes'].map(async (name) => ({
          name,
          url: `http://localhost:4901/${name}`,
          sdl: await readFile(join(FIXTURES_DIR, 'sdl', `${name}.graphql`), 'utf8'),
        })),
      ),
    );
    if (!composed.ok) throw new Error(composed.errors.map((e) => e.message).join('; '));
    const supergraphPath = join(dir.path, 'supergraph.graphql');
    await writeFile(supergraphPath, renderSupergraphFile(composed.supergraphSdl, ['accounts', 'notes']));
    gateway = await startGateway(
      loadGatewayConfig({
        HOST: '127.0.0.1',
        GATEWAY_PORT: String(await freePort()),
        LOG_LEVEL: 'silent',
        SUPERGRAPH_PATH: supergraphPath,
        IDENTITY_JWKS_URL: jwks.jwksUrl,
        AGORA_INTERNAL_SECRET: secret,
        ACCOUNTS_URL: accounts.url,
        NOTES_URL: notes.url,
        NATS_URL: `nats://127.0.0.1:${await freePort()}`,
        AGORA_RATE_LIMITS: 'off',
      }),
    );
    await gateway.ready;
  });
  afterAll(async () => {
    await gateway?.close();
    await Promise.all([accounts?.close(), notes?.close(), jwks?.close()]);
    await removeDir?.();
  });

  const entityRequests = () => accounts.received.filter((r) => r.query.includes('_entities'));

  const LARGE_PAGE = `query($n: Int, $m: Int) { notes(first: $n) { id author { notes(first: $m) { id author { username } } } } }`;

  it(`answers a ${PAGE} × ${PER_AUTHOR} page whose entity batch exceeds the subgraph's body limit, in order`, async () => {
    const before = entityRequests().length;
    const res = await gql(gateway.url, LARGE_PAGE, { n: PAGE, m: PER_AUTHOR });
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
    const page = res.data.notes as { id: string; author: { notes: { id: string; author: { username: string } }[] } }[];
    expect(page).toHaveLength(PAGE);
    for (const [a, note] of page.entries()) {
      expect(note.id).toBe(`n-${a}`);
      expect(note.author.notes).toEqual(notesOf(a).map((n) => ({ id: n.id, author: { username: `name-of-${n.authorId}` } })));
    }
    // The 1 000 representations are more than a subgraph accepts in one body; they went out in several.
    const representations = page.flatMap((note) => note.author.notes.map((n) => ({ __typename: 'User', id: n.author.username.slice(8) })));
    expect(JSON.stringify(representations).length).toBeGreaterThan(100 * 1024);
    const sent = entityRequests().slice(before);
    expect(sent.length).toBeGreaterThan(1);
  });

  it('reports an entity error of any chunk at the path of its own entity', async () => {
    broken.add(userId(PAGE + 93 * PER_AUTHOR + 9));
    try {
      const res = await gql(gateway.url, LARGE_PAGE, { n: PAGE, m: PER_AUTHOR });
      expect(res.errors?.map((e) => e.path)).toEqual([['notes', 93, 'author', 'notes', 9, 'author']]);
    } finally {
      broken.clear();
    }
  });

  it('sends a batch that fits in one request as one request', async () => {
    const before = entityRequests().length;
    const res = await gql(gateway.url, '{ notes(first: 100) { id author { username } } }');
    expect(res.errors).toBeUndefined();
    expect((res.data.notes as { author: { username: string } }[]).map((n) => n.author.username)).toEqual(
      Array.from({ length: PAGE }, (_, a) => `name-of-${userId(a)}`),
    );
    expect(entityRequests().length - before).toBe(1);
    expect(ENTITY_BATCH_BYTES).toBeLessThan(100 * 1024);
  });
});

describe('splitting and merging an entity batch', () => {
  const rep = (i: number) => ({ __typename: 'User', id: `u${i}` });

  it('cuts consecutive runs under the byte budget, keeping a too-large representation on its own', () => {
    const reps = Array.from({ length: 10 }, (_, i) => rep(i));
    const chunks = chunkRepresentations(reps, 100);
    expect(chunks.flat()).toEqual(reps);
    for (const chunk of chunks) expect(JSON.stringify(chunk).length).toBeLessThanOrEqual(100);
    expect(chunks.length).toBeGreaterThan(1);
    const huge = { __typename: 'User', id: 'x'.repeat(500) };
    expect(chunkRepresentations([rep(0), huge, rep(1)], 100)).toEqual([[rep(0)], [huge], [rep(1)]]);
    expect(chunkRepresentations([], 100)).toEqual([]);
  });

  it("merges in order, shifts ['_entities', i] paths, keeps other errors, and nulls a chunk that answered no list", () => {
    const chunks = [[rep(0), rep(1)], [rep(2), rep(3)], [rep(4)]];
    const merged = mergeEntityResponses(chunks, [
      { data: { _entities: [{ id: 'u0' }, { id: 'u1' }] } },
      { data: { _entities: [{ id: 'u2' }, null] }, errors: [{ message: 'gone', path: ['_entities', 1, 'username'] }] },
      { data: { _entities: null }, errors: [{ message: 'down', path: ['_entities'] }, { message: 'no path' }] },
    ]);
    expect(merged.data).toEqual({ _entities: [{ id: 'u0' }, { id: 'u1' }, { id: 'u2' }, null, null] });
    expect(merged.errors).toEqual([
      { message: 'gone', path: ['_entities', 3, 'username'] },
      { message: 'down', path: ['_entities'] },
      { message: 'no path' },
    ]);
    expect(mergeEntityResponses(chunks.slice(0, 1), [{ data: { _entities: [{ id: 'u0' }, { id: 'u1' }] } }]).errors).toBeUndefined();
    expect(mergeEntityResponses(chunks.slice(0, 1), [{ data: null, errors: [{ message: 'down' }] }]).data).toBeNull();
  });
});

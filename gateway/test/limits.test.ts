import { gql } from '@agora/testing';
import { errorBody, firstError } from './support/http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMIT_REASONS, REQUEST_LIMITS } from '../src/limits/request-limits';
import { startGatewayHarness, type GatewayHarness } from './support/gateway-harness';

/** `{ user(id: "user-1") { bestFriend { bestFriend { ... { id } } } } }` with `levels` bestFriends. */
const deepQuery = (levels: number) => `{ user(id: "user-1") { ${'bestFriend { '.repeat(levels)}id${' }'.repeat(levels)} } }`;

describe('gateway request limits', () => {
  let h: GatewayHarness;
  beforeAll(async () => {
    h = await startGatewayHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  async function expectRejected(query: string, reason: string) {
    const before = h.subgraphCalls();
    const res = await gql(h.url, query);
    expect(res.status).toBe(400);
    expect(res.data).toBeUndefined();
    expect(res.errors?.length).toBeGreaterThan(0);
    for (const error of res.errors!) expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', reason });
    expect(h.subgraphCalls()).toBe(before);
    return res.errors!;
  }

  it(`accepts a query at the depth limit (${REQUEST_LIMITS.maxDepth})`, async () => {
    // user + N bestFriends + id = N + 2 levels.
    const levels = REQUEST_LIMITS.maxDepth - 2;
    const res = await gql(h.url, deepQuery(levels));
    expect(res.errors).toBeUndefined();
    let user = res.data.user;
    for (let i = 0; i < levels; i++) user = user.bestFriend;
    expect(user.id).toBe(levels % 2 === 0 ? 'user-1' : 'user-2');
  });

  it('rejects a query one level deeper than the limit', async () => {
    const [error] = await expectRejected(deepQuery(REQUEST_LIMITS.maxDepth - 1), LIMIT_REASONS.depth);
    expect(error!.message).toContain(`depth limit of ${REQUEST_LIMITS.maxDepth}`);
  });

  it('counts depth through fragments too', async () => {
    const fragment = `fragment F on User { ${'bestFriend { '.repeat(REQUEST_LIMITS.maxDepth - 1)}id${' }'.repeat(REQUEST_LIMITS.maxDepth - 1)} }`;
    await expectRejected(`{ user(id: "user-1") { ...F } } ${fragment}`, LIMIT_REASONS.depth);
  });

  it('rejects more aliases than the limit', async () => {
    const aliases = Array.from({ length: REQUEST_LIMITS.maxAliases + 1 }, (_, i) => `a${i}: user(id: "user-1") { id }`).join(' ');
    await expectRejected(`{ ${aliases} }`, LIMIT_REASONS.aliases);
  });

  it('accepts aliases up to the limit', async () => {
    const aliases = Array.from({ length: REQUEST_LIMITS.maxAliases }, (_, i) => `a${i}: user(id: "user-2") { username }`).join(' ');
    const res = await gql(h.url, `{ ${aliases} }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.a0.username).toBe('grace');
  });

  it('rejects more directives than the limit', async () => {
    // One directive per (identical, hence mergeable) field: the spec allows one @include per location.
    const fields = 'id @include(if: true) '.repeat(REQUEST_LIMITS.maxDirectives + 1);
    await expectRejected(`{ notes { ${fields} } }`, LIMIT_REASONS.directives);
  });

  it('rejects an operation whose estimated cost exceeds the limit', async () => {
    // Shallow (within depth) but wide: 100 notes × 100 notes per author × 100 notes per author.
    await expectRejected(
      '{ notes(first: 100) { id author { notes(first: 100) { id author { notes(first: 100) { id text } } } } } }',
      LIMIT_REASONS.cost,
    );
  });

  // The dodge of issue #15: page sizes passed as variables (armor multiplied only literal `first:`).
  const VARIABLE_PAGES =
    'query($n: Int) { notes(first: $n) { id author { notes(first: $n) { id author { notes(first: $n) { id text } } } } } }';

  it('counts a page size given as a variable: refused with REQUEST.COST_LIMIT before any subgraph fetch', async () => {
    const before = h.subgraphCalls();
    const res = await gql(h.url, VARIABLE_PAGES, { n: 100 });
    expect(res.status).toBe(400);
    expect(res.data).toBeUndefined();
    expect(res.errors).toEqual([
      {
        message: expect.stringMatching(new RegExp(`^Query cost limit of ${REQUEST_LIMITS.maxCost} exceeded, found \\d+\\.$`)),
        locations: expect.any(Array),
        extensions: { code: 'BAD_USER_INPUT', reason: LIMIT_REASONS.cost },
      },
    ]);
    expect(h.subgraphCalls()).toBe(before);
  });

  it('counts the variables of every request, not only of the first one with that document', async () => {
    const small = await gql(h.url, VARIABLE_PAGES, { n: 1 });
    expect(small.errors).toBeUndefined();
    expect(small.data.notes).toHaveLength(1);
    const before = h.subgraphCalls();
    const large = await gql(h.url, VARIABLE_PAGES, { n: 100 });
    expect(large.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', reason: LIMIT_REASONS.cost });
    expect(h.subgraphCalls()).toBe(before);
  });

  it('counts an absent first as the default page (20)', async () => {
    // Four nested default pages: 20⁴ = 160 000 notes (three, 8 000, are within the limit).
    await expectRejected(
      '{ notes { id author { notes { id author { notes { id author { notes { id text } } } } } } } }',
      LIMIT_REASONS.cost,
    );
  });

  it('rejects a document with more tokens than the limit before parsing it fully', async () => {
    const fields = Array.from({ length: REQUEST_LIMITS.maxTokens }, () => '__typename').join(' ');
    const [error] = await expectRejected(`{ ${fields} }`, LIMIT_REASONS.tokens);
    expect(error!.message).toBe(`Syntax Error: Token limit of ${REQUEST_LIMITS.maxTokens} exceeded.`);
  });

  it('answers 413 BAD_USER_INPUT REQUEST.TOO_LARGE for a body over 100kb', async () => {
    const before = h.subgraphCalls();
    const response = await fetch(h.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ notes { id } }`, variables: { padding: 'x'.repeat(101 * 1024) } }),
    });
    expect(response.status).toBe(413);
    expect(await errorBody(response)).toEqual({
      errors: [{ message: expect.any(String), extensions: { code: 'BAD_USER_INPUT', reason: 'REQUEST.TOO_LARGE' } }],
    });
    expect(h.subgraphCalls()).toBe(before);
  });

  it('answers malformed JSON with a GraphQL-shaped 400', async () => {
    const response = await fetch(h.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(response.status).toBe(400);
    expect((await firstError(response)).extensions.code).toBe('BAD_REQUEST');
  });

  it('blocks simple (CSRF-able) requests: GET without a preflight header, text/plain POST', async () => {
    const before = h.subgraphCalls();
    const get = await fetch(`${h.url}?query=${encodeURIComponent('{ notes { id } }')}`);
    expect(get.status).toBe(400);
    expect((await firstError(get)).extensions.code).toBe('BAD_REQUEST');
    const post = await fetch(h.url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: '{ notes { id } }' }),
    });
    expect(post.status).toBe(400);
    expect((await firstError(post)).message).toMatch(/Cross-Site Request Forgery/);
    expect(h.subgraphCalls()).toBe(before);
    // The same GET with the preflight header is served.
    const allowed = await fetch(`${h.url}?query=${encodeURIComponent('{ notes { id } }')}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(allowed.status).toBe(200);
  });

  it('does not execute batched requests', async () => {
    const before = h.subgraphCalls();
    const response = await fetch(h.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ notes { id } }' }, { query: '{ notes { id } }' }]),
    });
    expect(response.status).toBe(400);
    expect(h.subgraphCalls()).toBe(before);
  });

  it('keeps field suggestions outside production (they help developers)', async () => {
    const res = await gql(h.url, '{ notes { txt } }');
    expect(res.status).toBe(400);
    expect(res.errors![0]!.extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
    expect(res.errors![0]!.message).toContain('Did you mean "text"?');
  });
});

describe('gateway request limits in production', () => {
  let h: GatewayHarness;
  beforeAll(async () => {
    h = await startGatewayHarness({ env: { NODE_ENV: 'production' } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('blocks field suggestions, which would leak the schema', async () => {
    const res = await gql(h.url, '{ notes { txt } }');
    expect(res.errors![0]!.extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
    expect(res.errors![0]!.message).toContain('Cannot query field "txt"');
    expect(res.errors![0]!.message).not.toContain('text');
  });

  it('disables introspection', async () => {
    const res = await gql(h.url, '{ __schema { queryType { name } } }');
    expect(res.status).toBe(400);
    expect(res.errors![0]!.extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

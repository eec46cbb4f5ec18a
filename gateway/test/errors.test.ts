import { gql } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEAKY_SECRET, startGatewayHarness, type GatewayHarness } from './support/gateway-harness';

describe('gateway error policy', () => {
  let h: GatewayHarness;
  beforeAll(async () => {
    h = await startGatewayHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('masks an uncoded subgraph error: fixed message, INTERNAL_SERVER_ERROR, no stack, no details', async () => {
    const response = await fetch(h.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ explode notes { id } }' }),
    });
    const raw = await response.text();
    // The subgraph really did leak (message + stacktrace) to the gateway...
    expect(h.notes.received.at(-1)!.query).toContain('explode');
    // ...and none of it reaches the client.
    expect(raw).not.toContain(LEAKY_SECRET);
    expect(raw).not.toContain('stacktrace');
    expect(raw).not.toContain('serviceName');
    const body = JSON.parse(raw);
    expect(response.status).toBe(200);
    expect(body.errors).toEqual([{ message: 'Internal server error', path: ['explode'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
    // The rest of the operation still resolves.
    expect(body.data.notes).toHaveLength(3);
  });

  it('passes a typed subgraph error through with code, reason and field only', async () => {
    const res = await gql(h.url, '{ missingNote(id: "nope") { id } }');
    expect(res.errors).toEqual([
      { message: 'No note nope', path: ['missingNote'], extensions: { code: 'NOT_FOUND', reason: 'NOTES.NOT_FOUND', field: 'id' } },
    ]);
  });

  it('keeps Apollo codes for parse and validation errors', async () => {
    const parse = await gql(h.url, '{ notes { id }');
    expect(parse.status).toBe(400);
    expect(parse.errors![0]!.extensions).toEqual({ code: 'GRAPHQL_PARSE_FAILED' });
    const validation = await gql(h.url, '{ nope }');
    expect(validation.status).toBe(400);
    expect(validation.errors![0]!.extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
    const variables = await gql(h.url, 'query ($id: ID!) { user(id: $id) { id } }', {});
    expect(variables.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT' });
  });

  it('masks a subgraph that cannot be reached, without its address', async () => {
    await h.accounts.close();
    const response = await fetch(h.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ user(id: "user-1") { id } }' }),
    });
    const raw = await response.text();
    expect(raw).not.toContain('127.0.0.1');
    expect(raw).not.toContain('ECONNREFUSED');
    const body = JSON.parse(raw);
    expect(body.data).toEqual({ user: null });
    expect(body.errors).toEqual([{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
  });
});

describe('gateway error policy in production', () => {
  let h: GatewayHarness;
  beforeAll(async () => {
    h = await startGatewayHarness({ env: { NODE_ENV: 'production' } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it.each([
    ['a field', '{ notes { txt } }', 'Cannot query field "txt"', /text/],
    ['an argument', '{ notes(firs: 2) { id } }', 'Unknown argument "firs"', /"first"/],
    ['a type', 'query ($n: Itn) { notes(first: $n) { id } }', 'Unknown type "Itn"', /"Int"/],
  ])('suggests no %s ("Did you mean …?") and calls no subgraph', async (_label, query, says, leak) => {
    const before = h.notes.received.length + h.accounts.received.length;
    const res = await gql(h.url, query);
    expect(res.status).toBe(400);
    expect(res.errors![0]!.extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
    expect(res.errors![0]!.message).toContain(says);
    expect(res.errors![0]!.message).not.toMatch(/Did you mean/);
    expect(res.errors![0]!.message).not.toMatch(leak);
    expect(h.notes.received.length + h.accounts.received.length).toBe(before);
  });
});

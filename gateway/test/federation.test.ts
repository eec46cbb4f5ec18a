import { gql } from '@agora/testing';
import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGatewayHarness, type GatewayHarness } from './support/gateway-harness';

describe('gateway federation', () => {
  let h: GatewayHarness;
  beforeAll(async () => {
    h = await startGatewayHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('joins both subgraphs in one query (entities resolved across services)', async () => {
    const res = await gql(
      h.url,
      '{ notes { id text author { id username notes { id } } } user(id: "user-2") { username notes { text } } }',
    );
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
    expect(res.data.notes[0]).toEqual({
      id: 'note-1',
      text: 'hello',
      author: { id: 'user-1', username: 'ada', notes: [{ id: 'note-1' }, { id: 'note-3' }] },
    });
    expect(res.data.user).toEqual({ username: 'grace', notes: [{ text: 'federation' }] });
    // The query plan really fetched from both services.
    expect(h.accounts.received.some((r) => r.query.includes('_entities'))).toBe(true);
    expect(h.notes.received.some((r) => r.query.includes('_entities'))).toBe(true);
  });

  it('calls subgraphs at the <NAME>_URL overrides, adding /graphql to a base URL', () => {
    expect(h.gateway.endpoints()).toEqual([
      { name: 'accounts', url: h.accounts.url, source: 'ACCOUNTS_URL' },
      { name: 'notes', url: h.notes.url, source: 'NOTES_URL' },
    ]);
  });

  it('forwards the caller x-request-id to every subgraph fetch and echoes it', async () => {
    const before = h.notes.received.length;
    const response = await fetch(h.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'req-abc.123' },
      body: JSON.stringify({ query: '{ notes { author { username } } }' }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('req-abc.123');
    const calls = [...h.notes.received.slice(before), ...h.accounts.received.slice(-1)];
    expect(calls.length).toBeGreaterThanOrEqual(2);
    for (const call of calls) expect(call.headers['x-request-id']).toBe('req-abc.123');
  });

  it('generates a request id when the caller sends none (or an unsafe one)', async () => {
    const before = h.notes.received.length;
    const response = await fetch(h.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'bad id\twith spaces' },
      body: JSON.stringify({ query: '{ notes { id } }' }),
    });
    const id = response.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(h.notes.received[before]?.headers['x-request-id']).toBe(id);
  });

  it('serves introspection (what Sandbox sends) within the request limits outside production', async () => {
    const res = await gql(h.url, getIntrospectionQuery());
    expect(res.errors).toBeUndefined();
    expect(res.data.__schema.queryType.name).toBe('Query');
  });
});

import { describe, expect, it } from 'vitest';
import { resolveSubgraphEndpoints, subgraphsOf, urlVariableFor } from './subgraph-endpoints';

const SUPERGRAPH = `
schema @link(url: "https://specs.apollo.dev/link/v1.0") @link(url: "https://specs.apollo.dev/join/v0.4", for: EXECUTION) { query: Query }
directive @join__graph(name: String!, url: String!) on ENUM_VALUE
enum join__Graph {
  IDENTITY @join__graph(name: "identity", url: "http://localhost:4001/graphql")
  USER_SEARCH @join__graph(name: "user-search", url: "http://localhost:4009/graphql")
}
type Query { x: Int }
`;

describe('subgraph endpoints', () => {
  it('reads every subgraph from the join__Graph enum', () => {
    expect(subgraphsOf(SUPERGRAPH)).toEqual([
      { name: 'identity', url: 'http://localhost:4001/graphql' },
      { name: 'user-search', url: 'http://localhost:4009/graphql' },
    ]);
  });

  it('derives the override variable from the subgraph name', () => {
    expect(urlVariableFor('identity')).toBe('IDENTITY_URL');
    expect(urlVariableFor('user-search')).toBe('USER_SEARCH_URL');
  });

  it('keeps the supergraph URL unless <NAME>_URL overrides it; a base URL gets /graphql', () => {
    expect(resolveSubgraphEndpoints(SUPERGRAPH, { USER_SEARCH_URL: 'http://10.0.0.5:9000' })).toEqual([
      { name: 'identity', url: 'http://localhost:4001/graphql', source: 'supergraph' },
      { name: 'user-search', url: 'http://10.0.0.5:9000/graphql', source: 'USER_SEARCH_URL' },
    ]);
    expect(resolveSubgraphEndpoints(SUPERGRAPH, { IDENTITY_URL: 'http://id.internal/api/graphql' })[0]?.url).toBe(
      'http://id.internal/api/graphql',
    );
  });

  it('rejects an override that is not an http(s) URL, naming the variable', () => {
    expect(() => resolveSubgraphEndpoints(SUPERGRAPH, { IDENTITY_URL: 'not a url' })).toThrow('config: IDENTITY_URL: expected a URL');
    expect(() => resolveSubgraphEndpoints(SUPERGRAPH, { IDENTITY_URL: 'ftp://x/graphql' })).toThrow(
      'IDENTITY_URL: expected an http(s) URL',
    );
  });

  it('refuses a document that is not a supergraph', () => {
    expect(() => subgraphsOf('type Query { x: Int }')).toThrow(/no join__Graph enum/);
  });
});

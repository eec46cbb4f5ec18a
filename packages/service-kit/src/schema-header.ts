/**
 * The first lines of every subgraph's `schema.graphql`: the Federation 2 link and the `@auth`
 * directive the shared server enforces (auth-directive.ts). One source for the context
 * generator; a test checks every context's schema starts this way.
 */
export function subgraphSchemaHeader(imports: readonly string[] = ['@key']): string {
  return `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: [${imports.map((name) => `"${name}"`).join(', ')}])

"""
The field or type needs a signed-in viewer; without one the request fails with UNAUTHENTICATED.
Enforced by this subgraph, not only by the gateway.
"""
directive @auth on FIELD_DEFINITION | OBJECT
`;
}

import { Kind, parse, type ConstDirectiveNode } from 'graphql';

export interface SubgraphEndpoint {
  /** Subgraph name as registered (`identity`). */
  name: string;
  /** Routing URL the gateway will call. */
  url: string;
  /** Where `url` came from: the supergraph file or an env override (`IDENTITY_URL`). */
  source: 'supergraph' | string;
}

/** `identity` → `IDENTITY_URL`, `user-search` → `USER_SEARCH_URL`. */
export function urlVariableFor(subgraphName: string): string {
  return `${subgraphName.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_URL`;
}

/**
 * Reads the subgraphs from the supergraph's `join__Graph` enum
 * (`IDENTITY @join__graph(name: "identity", url: "http://localhost:4001/graphql")`).
 */
export function subgraphsOf(supergraphSdl: string): { name: string; url: string }[] {
  const document = parse(supergraphSdl, { noLocation: true });
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.ENUM_TYPE_DEFINITION || definition.name.value !== 'join__Graph') continue;
    return (definition.values ?? []).map((value) => {
      const directive = value.directives?.find((d) => d.name.value === 'join__graph');
      const name = directive && stringArgument(directive, 'name');
      const url = directive && stringArgument(directive, 'url');
      if (!name || url === undefined) throw new Error(`supergraph: join__Graph.${value.name.value} lacks @join__graph(name:, url:)`);
      return { name, url };
    });
  }
  throw new Error('supergraph: no join__Graph enum (is this a composed Federation 2 supergraph?)');
}

/**
 * The URL each subgraph is called at: the supergraph's routing URL unless `<NAME>_URL` is set.
 * An override may be a base URL (`http://127.0.0.1:4001`): the subgraph path `/graphql` is added.
 */
export function resolveSubgraphEndpoints(supergraphSdl: string, urlEnv: Record<string, string | undefined>): SubgraphEndpoint[] {
  return subgraphsOf(supergraphSdl).map(({ name, url }) => {
    const variable = urlVariableFor(name);
    const override = urlEnv[variable];
    if (!override) return { name, url, source: 'supergraph' };
    let parsed: URL;
    try {
      parsed = new URL(override);
    } catch {
      throw new Error(`config: ${variable}: expected a URL`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error(`config: ${variable}: expected an http(s) URL`);
    if (parsed.pathname === '/' || parsed.pathname === '') parsed.pathname = '/graphql';
    return { name, url: parsed.toString(), source: variable };
  });
}

function stringArgument(directive: ConstDirectiveNode, name: string): string | undefined {
  const arg = directive.arguments?.find((a) => a.name.value === name);
  return arg?.value.kind === Kind.STRING ? arg.value.value : undefined;
}

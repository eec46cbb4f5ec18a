import {
  composeSupergraph,
  loadSubgraphSources,
  renderSupergraphFile,
  type CompositionIssue,
  type SubgraphSource,
} from '@agora/gateway/supergraph';
import { Supergraph } from '@apollo/federation-internals';
import { buildASTSchema, parse, Source, type DocumentNode, type GraphQLSchema } from 'graphql';
import { withRequiresRoleDirective } from '@agora/service-kit/role-directive';
import { readRegistry, type RegistryEntry } from './repo-layout';

/**
 * The current state of the repository, loaded once per run and shared by every check: the
 * registry, each subgraph's SDL (parsed and built), the composition result and the API schema.
 */
export interface SubgraphState {
  entry: RegistryEntry;
  /** Source text; undefined when the file is missing (composition reports it). */
  sdl?: string;
  document?: DocumentNode;
  /** graphql-js schema of the subgraph's own definitions (federation directives left opaque). */
  schema?: GraphQLSchema;
  /** Why `document`/`schema` are missing. */
  problem?: string;
}

export type CompositionState =
  | { ok: true; supergraphSdl: string; supergraphFile: string; apiSchema: GraphQLSchema; hints: CompositionIssue[] }
  | { ok: false; errors: CompositionIssue[] };

export interface Workspace {
  rootDir: string;
  subgraphs: SubgraphState[];
  composition: CompositionState;
}

export async function loadWorkspace(rootDir: string): Promise<Workspace> {
  const registry = await readRegistry(rootDir);
  const { sources, errors: loadErrors } = await loadSubgraphSources(rootDir, registry);
  const subgraphs = registry.map((entry) =>
    subgraphState(
      entry,
      sources.find((s) => s.name === entry.name),
    ),
  );
  const composition = loadErrors.length > 0 ? { ok: false as const, errors: loadErrors } : compose(sources, registry);
  return { rootDir, subgraphs, composition };
}

/** Composes with the gateway's composition (the same library and options the gateway runs). */
export function compose(sources: SubgraphSource[], registry: RegistryEntry[]): CompositionState {
  const result = composeSupergraph(sources);
  if (!result.ok) return result;
  return {
    ok: true,
    supergraphSdl: result.supergraphSdl,
    supergraphFile: renderSupergraphFile(
      result.supergraphSdl,
      registry.map((e) => e.name),
    ),
    apiSchema: apiSchemaOf(result.supergraphSdl),
    hints: result.hints,
  };
}

/** What clients see: the supergraph minus federation machinery and `@inaccessible` elements. */
export function apiSchemaOf(supergraphSdl: string): GraphQLSchema {
  return Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
}

export function subgraphState(entry: RegistryEntry, source: SubgraphSource | undefined): SubgraphState {
  if (!source) return { entry, problem: `schema file ${entry.schema} is missing` };
  const built = buildSubgraphSchema(source.sdl, entry.schema);
  return { entry, sdl: source.sdl, ...built };
}

/**
 * Parses and builds one subgraph's SDL. The schema is built with `assumeValidSDL` because the
 * federation directives (`@key`, `@shareable`, ...) come from `@link` and have no definitions in
 * the file; composition is where the SDL is validated, this schema only feeds the diff.
 */
export function buildSubgraphSchema(sdl: string, path: string): { document?: DocumentNode; schema?: GraphQLSchema; problem?: string } {
  let document: DocumentNode;
  try {
    document = parse(new Source(sdl, path));
  } catch (error) {
    return { problem: `${path} does not parse: ${(error as Error).message}` };
  }
  try {
    return { document, schema: buildASTSchema(withRequiresRoleDirective(document), { assumeValidSDL: true }) };
  } catch (error) {
    return { document, problem: `${path} does not build: ${(error as Error).message}` };
  }
}

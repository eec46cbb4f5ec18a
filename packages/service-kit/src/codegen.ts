/**
 * The graphql-codegen configuration every subgraph shares (`@agora/service-kit/codegen`): resolver
 * types from `src/graphql/schema.graphql` with `federation: true`, type imports, mappers from
 * GraphQL types to the read models resolvers really return (so `tsc` fails when a resolver drifts
 * from the schema), and the federation directives declared once for the whole repository.
 *
 * A context's codegen.ts is then only what is its own:
 *   export default subgraphCodegen({ context: 'SocialContext', mappers: { User: '../../application/views#UserRef' } });
 */
import { fileURLToPath } from 'node:url';

/** Codegen's config shape, as far as we use it (kept structural: service-kit does not depend on codegen). */
export interface SubgraphCodegenConfig {
  schema: string[];
  generates: Record<string, { plugins: string[]; config: Record<string, unknown> }>;
  silent: boolean;
}

export interface SubgraphCodegenOptions {
  /** The per-request context type's name, exported from `src/graphql/context.ts`. */
  context: string;
  /** GraphQL type → `'<path from src/graphql/__generated__>#<TypeName>'`. */
  mappers?: Record<string, string>;
  /** Custom scalars (ID is always `string` both ways). */
  scalars?: Record<string, { input: string; output: string }>;
  /** Plugin options that differ from the house defaults (kept where a context's resolvers rely on them). */
  overrides?: Record<string, unknown>;
}

export const FEDERATION_DIRECTIVES_FILE = fileURLToPath(new URL('../graphql/federation-directives.graphql', import.meta.url));

export function subgraphCodegen(options: SubgraphCodegenOptions): SubgraphCodegenConfig {
  return {
    schema: [FEDERATION_DIRECTIVES_FILE, 'src/graphql/schema.graphql'],
    generates: {
      'src/graphql/__generated__/resolvers-types.ts': {
        plugins: ['typescript', 'typescript-resolvers'],
        config: {
          federation: true,
          useTypeImports: true,
          contextType: `../context#${options.context}`,
          mappers: options.mappers ?? {},
          scalars: { ID: { input: 'string', output: 'string' }, ...options.scalars },
          enumsAsTypes: true,
          avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
          maybeValue: 'T | null',
          inputMaybeValue: 'T | null | undefined',
          ...options.overrides,
        },
      },
    },
    silent: true,
  };
}

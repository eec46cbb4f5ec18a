import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Resolver types from schema.graphql. `federation-directives.graphql` declares what the
 * federation runtime adds (`@link`, `@shareable`), so the schema loads as plain SDL here. Mappers
 * point GraphQL types at the read models resolvers really return, so `tsc` fails when a resolver
 * drifts from the schema.
 */
const config: CodegenConfig = {
  schema: ['src/graphql/federation-directives.graphql', 'src/graphql/schema.graphql'],
  generates: {
    'src/graphql/__generated__/resolvers-types.ts': {
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        federation: true,
        useTypeImports: true,
        contextType: '../context#FeedContext',
        mappers: {
          Post: '../post-ref#PostRef',
        },
        enumsAsTypes: true,
        avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
        maybeValue: 'T | null',
        inputMaybeValue: 'T | null | undefined',
        scalars: { ID: { input: 'string', output: 'string' } },
      },
    },
  },
  silent: true,
};
export default config;

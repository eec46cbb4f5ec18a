import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Resolver types from schema.graphql. Mappers point GraphQL types at the read models resolvers
 * really return, so `tsc` fails when a resolver drifts from the schema.
 */
const config: CodegenConfig = {
  schema: ['src/graphql/schema.graphql', 'src/graphql/federation-directives.graphql'],
  generates: {
    'src/graphql/__generated__/resolvers-types.ts': {
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        federation: true,
        useTypeImports: true,
        contextType: '../context#ProfilesContext',
        mappers: { User: '../../application/profile.view#ProfileView' },
        enumsAsTypes: true,
        avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
        scalars: { ID: { input: 'string', output: 'string' } },
      },
    },
  },
};
export default config;

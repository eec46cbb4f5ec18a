import type { CodegenConfig } from '@graphql-codegen/cli';

/** Resolver types from schema.graphql; `npm run typecheck` fails when a resolver drifts from it. */
const config: CodegenConfig = {
  schema: ['src/graphql/schema.graphql', 'src/graphql/federation-directives.graphql'],
  generates: {
    'src/graphql/__generated__/resolvers-types.ts': {
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        federation: true,
        useTypeImports: true,
        useIndexSignature: false,
        contextType: '../context#IdentityContext',
        mappers: {
          User: '../models#UserModel',
          AuthPayload: '../../application/read-models#AuthSession',
        },
        scalars: { DateTime: { input: 'Date', output: 'Date | string' }, ID: { input: 'string', output: 'string' } },
        enumsAsTypes: true,
        avoidOptionals: false,
      },
    },
  },
};

export default config;

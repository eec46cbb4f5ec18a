import { subgraphCodegen } from '@agora/service-kit/codegen';

/**
 * Resolver types from schema.graphql (see @agora/service-kit/codegen). Identity's resolvers were
 * typed before the house defaults (optional fields, codegen's `Maybe`), so it keeps them.
 */
export default subgraphCodegen({
  context: 'IdentityContext',
  mappers: {
    User: '../models#UserModel',
    AuthPayload: '../../application/read-models#AuthSession',
  },
  scalars: { DateTime: { input: 'Date', output: 'Date | string' } },
  overrides: { useIndexSignature: false, avoidOptionals: false, maybeValue: undefined, inputMaybeValue: undefined },
});

import { subgraphCodegen } from '@agora/service-kit/codegen';

/**
 * Resolver types from schema.graphql (see @agora/service-kit/codegen). Profiles' resolvers return
 * optional values as `undefined` where the schema allows null, so nullable values keep codegen's
 * default `Maybe` instead of the house `T | null`.
 */
export default subgraphCodegen({
  context: 'ProfilesContext',
  mappers: { User: '../../application/profile.view#ProfileView' },
  overrides: { maybeValue: undefined, inputMaybeValue: undefined },
});

import { subgraphCodegen } from '@agora/service-kit/codegen';

/** Resolver types from schema.graphql (see @agora/service-kit/codegen), GraphQL types mapped to the views resolvers return. */
export default subgraphCodegen({
  context: 'SocialContext',
  mappers: {
    User: '../../application/views#UserRef',
    Circle: '../../application/views#CircleView',
  },
});

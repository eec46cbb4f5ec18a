import { subgraphCodegen } from '@agora/service-kit/codegen';

/** Resolver types from schema.graphql (see @agora/service-kit/codegen), GraphQL types mapped to the views resolvers return. */
export default subgraphCodegen({
  context: 'CommentsContext',
  mappers: {
    Comment: '../../application/views#CommentView',
    Post: '../../application/views#PostRef',
    User: '../../application/views#UserRef',
  },
  scalars: { DateTime: { input: 'string', output: 'Date' } },
});

import { subgraphCodegen } from '@agora/service-kit/codegen';

/** Resolver types from schema.graphql (see @agora/service-kit/codegen); a Post resolves to the aggregate's snapshot. */
export default subgraphCodegen({
  context: 'PostsContext',
  mappers: {
    Post: '../../domain/post/post.aggregate#PostSnapshot',
    User: '../user-ref#UserRef',
  },
  scalars: { DateTime: { input: 'string', output: 'Date' } },
});

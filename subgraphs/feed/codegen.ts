import { subgraphCodegen } from '@agora/service-kit/codegen';

/** Resolver types from schema.graphql (see @agora/service-kit/codegen); a feed entry resolves to a post reference. */
export default subgraphCodegen({ context: 'FeedContext', mappers: { Post: '../post-ref#PostRef' } });

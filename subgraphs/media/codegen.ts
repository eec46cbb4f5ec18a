import { subgraphCodegen } from '@agora/service-kit/codegen';

/** Resolver types from schema.graphql (see @agora/service-kit/codegen), GraphQL types mapped to the views resolvers return. */
export default subgraphCodegen({
  context: 'MediaContext',
  mappers: {
    MediaItem: '../../application/views#MediaItemView',
    Album: '../../application/views#AlbumView',
    User: '../../application/views#UserRef',
    Post: '../../application/views#PostRef',
    UploadTicket: '../../application/views#UploadTicketView',
  },
  scalars: { DateTime: { input: 'string', output: 'Date' } },
});

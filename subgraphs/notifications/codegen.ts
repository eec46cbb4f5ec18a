import { subgraphCodegen } from '@agora/service-kit/codegen';

/** Resolver types from schema.graphql (see @agora/service-kit/codegen), GraphQL types mapped to what resolvers return. */
export default subgraphCodegen({
  context: 'NotificationsContext',
  mappers: {
    Notification: '../../infrastructure/prisma-notification.queries#NotificationView',
    User: '../entity-ref#EntityRef',
    Post: '../entity-ref#EntityRef',
    Comment: '../entity-ref#EntityRef',
  },
  scalars: { DateTime: { input: 'Date', output: 'Date' } },
});

import { subgraphCodegen } from '@agora/service-kit/codegen';

/** Resolver types from schema.graphql (see @agora/service-kit/codegen), GraphQL types mapped to the views resolvers return. */
export default subgraphCodegen({
  context: 'ModerationContext',
  mappers: {
    Report: '../../application/views#ReportView',
    Post: '../../application/views#EntityRef',
    Comment: '../../application/views#EntityRef',
    User: '../../application/views#EntityRef',
  },
  scalars: { DateTime: { input: 'string', output: 'Date' } },
});

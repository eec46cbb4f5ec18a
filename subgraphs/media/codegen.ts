import { subgraphCodegen } from '@agora/service-kit/codegen';

/** Resolver types from schema.graphql (see @agora/service-kit/codegen); add a mapper per type the schema gains. */
export default subgraphCodegen({ context: 'MediaContext', mappers: {} });

import { subgraphCodegen } from '@agora/service-kit/codegen';

/** Resolver types from schema.graphql (see @agora/service-kit/codegen); posts and comments resolve to a subject reference. */
export default subgraphCodegen({
  context: 'ReactionsContext',
  mappers: { Post: '../subject-ref#SubjectRef', Comment: '../subject-ref#SubjectRef' },
});

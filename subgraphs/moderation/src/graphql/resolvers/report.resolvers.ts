import type { ReportResolvers } from '../__generated__/resolvers-types';

/**
 * The Report entity: references resolve through one batched lookup that answers only the
 * reporter's own reports, or any for a moderator (null otherwise). `post` is the reported post or
 * the post the reported comment is under; both resolve in their own subgraphs.
 */
export const Report: ReportResolvers = {
  __resolveReference: (reference, ctx) => ctx.loaders.reportById.load(reference.id),
  reporter: (report) => ({ id: report.reporterId }),
  post: (report) => ({ id: report.postId }),
  comment: (report) => (report.subjectType === 'COMMENT' ? { id: report.subjectId } : null),
};

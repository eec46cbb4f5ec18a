import type { QueryResolvers } from '../__generated__/resolvers-types';
import { requireModerator } from '../guard';
import { parseReportPage, toReportConnection } from '../report-page';

export const Query: QueryResolvers = {
  async reports(_parent, { status, ...args }, ctx) {
    requireModerator(ctx);
    const page = parseReportPage(args);
    return toReportConnection(await ctx.queries.reports(status ?? 'OPEN', page.first + 1, page.after), page);
  },
};

import { requireViewer } from '@agora/service-kit';
import type { QueryResolvers } from '../__generated__/resolvers-types';
import { parseFeedPage, toFeedConnection } from '../feed-page';

export const Query: QueryResolvers = {
  /** `@auth` already refused anonymous requests; visibility is applied in SQL by the page query. */
  async feed(_, args, ctx) {
    const viewer = requireViewer(ctx);
    const page = parseFeedPage(args);
    return toFeedConnection(await ctx.queries.page(viewer.userId, page.first + 1, page.after), page);
  },
};

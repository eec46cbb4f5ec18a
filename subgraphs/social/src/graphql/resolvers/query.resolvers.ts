import { requireViewer } from '@agora/service-kit';
import type { QueryResolvers } from '../__generated__/resolvers-types';

export const Query: QueryResolvers = {
  async myCircles(_parent, _args, ctx) {
    const circles = await ctx.queries.circlesOwnedBy(requireViewer(ctx).userId);
    // Later references to these circles in the same request need no query.
    for (const circle of circles) ctx.loaders.circleById.prime(circle.id, circle);
    return circles;
  },
};

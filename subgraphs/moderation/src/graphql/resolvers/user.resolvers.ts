import { hasRole } from '@agora/service-kit';
import type { UserResolvers } from '../__generated__/resolvers-types';
import { requireModerator } from '../guard';
import { parseReportPage, toReportConnection } from '../report-page';

/**
 * Moderation's fields of the `User` entity. A reference needs no lookup; each field is one
 * batched statement for every user of the request.
 */
export const User: UserResolvers = {
  __resolveReference: (reference) => ({ id: reference.id }),
  suspendedUntil(user, _args, ctx) {
    const self = ctx.viewer !== null && ctx.viewer.userId.toLowerCase() === user.id.toLowerCase();
    if (!self && !hasRole(ctx.viewer, 'MODERATOR')) return null;
    return ctx.loaders.suspendedUntil.load(user.id);
  },
  async moderationReports(user, { status, ...args }, ctx) {
    requireModerator(ctx);
    const page = parseReportPage(args);
    return toReportConnection(await ctx.loaders.reportsAbout(status ?? 'OPEN', page).load(user.id), page);
  },
};

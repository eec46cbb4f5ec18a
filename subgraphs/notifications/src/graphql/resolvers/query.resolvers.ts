import { canonicalUuid } from '@agora/kernel';
import { requireViewer } from '@agora/service-kit';
import type { QueryResolvers } from '../__generated__/resolvers-types';
import { parseNotificationPage, toNotificationConnection } from '../notification-page';

export const Query: QueryResolvers = {
  /** One statement per page; the notifications are primed so `_entities` of them need no query. */
  async notifications(_parent, args, ctx) {
    const page = parseNotificationPage(args);
    const rows = await ctx.queries.page(requireViewer(ctx).userId, page.first + 1, page.after);
    for (const notification of rows) ctx.loaders.notificationById.prime(notification.id, notification);
    return toNotificationConnection(rows, page);
  },
  unseenNotificationCount: (_parent, _args, ctx) => ctx.queries.unseenCount(requireViewer(ctx).userId),
  /** The defaults until changed; null when signed out (one statement). */
  mySettings: (_parent, _args, ctx) => (ctx.viewer ? ctx.queries.settingsOf(canonicalUuid(ctx.viewer.userId)) : null),
};

import { requireViewer } from '@agora/service-kit';
import type { MutationResolvers } from '../__generated__/resolvers-types';
import { runCommand } from '../run-command';

export const Mutation: MutationResolvers = {
  async markNotificationsSeen(_parent, { input }, ctx) {
    const viewerId = requireViewer(ctx).userId;
    const changed = await runCommand(() => ctx.commands.markSeen.execute({ viewerId, ids: input.ids }));
    ctx.loaders.notificationById.clearAll();
    return changed;
  },
};

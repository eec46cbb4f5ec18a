import { requireViewer } from '@agora/service-kit';
import type { MutationResolvers } from '../__generated__/resolvers-types';

export const Mutation: MutationResolvers = {
  updateProfile: async (_parent, { input }, context) => {
    const viewer = requireViewer(context);
    const view = await context.useCases.updateProfile.execute({ viewer, input, requestId: context.requestId });
    // Later reads of this user in the same request must see the new values.
    context.loaders.profileById.clear(view.id).prime(view.id, view);
    return view;
  },
};

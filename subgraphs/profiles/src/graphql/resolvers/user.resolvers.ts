import { avatarUrlOf, emptyProfileView } from '../../application/profile.view';
import type { UserResolvers } from '../__generated__/resolvers-types';

/** Profile fields of the `User` entity; read straight off ProfileView, but for the deprecated `avatarUrl`. */
export const User: UserResolvers = {
  // Answers with the id exactly as it was asked for; a User without a profile has null profile fields.
  __resolveReference: async (reference, context) => {
    const view = await context.loaders.profileById.load(reference.id);
    return view ? { ...view, id: reference.id } : emptyProfileView(reference.id);
  },
  // Media's stable avatar route when media says one is set, otherwise what the owner typed.
  avatarUrl: (view, _args, context) => avatarUrlOf(view, context.mediaPublicUrl),
};

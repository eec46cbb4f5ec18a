import type { UserResolvers } from '../__generated__/resolvers-types';

/** Profile fields of the `User` entity; the fields themselves are read straight off ProfileView. */
export const User: UserResolvers = {
  __resolveReference: (reference, context) => context.loaders.profileById.load(reference.id),
};

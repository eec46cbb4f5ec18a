import { normaliseUsernameForLookup } from '../../domain/account/username';
import type { QueryResolvers } from '../__generated__/resolvers-types';

export const Query: QueryResolvers = {
  me: (_parent, _args, { viewer, loaders }) => (viewer ? loaders.userById.load(viewer.userId) : null),
  user: (_parent, { username }, { loaders }) => loaders.userByUsername.load(normaliseUsernameForLookup(username)),
};

import { mutation } from '@agora/context-runtime';
import { updateProfile } from '../../application/update-profile/update-profile.command';
import type { MutationResolvers } from '../__generated__/resolvers-types';

/** One line per mutation: the command pipeline does the rest (and forgets this request's loaders after it). */
export const Mutation: MutationResolvers = {
  updateProfile: mutation(updateProfile),
};

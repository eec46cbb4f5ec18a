import { mutation } from '@agora/context-runtime';
import { addToCircle } from '../../application/add-to-circle/add-to-circle.command';
import { blockUser } from '../../application/block-user/block-user.command';
import { createCircle } from '../../application/create-circle/create-circle.command';
import { deleteCircle } from '../../application/delete-circle/delete-circle.command';
import { followUser } from '../../application/follow-user/follow-user.command';
import { removeFromCircle } from '../../application/remove-from-circle/remove-from-circle.command';
import { renameCircle } from '../../application/rename-circle/rename-circle.command';
import { unblockUser } from '../../application/unblock-user/unblock-user.command';
import { unfollowUser } from '../../application/unfollow-user/unfollow-user.command';
import type { MutationResolvers } from '../__generated__/resolvers-types';

/** One line per mutation: the command pipeline does the rest (and forgets this request's loaders after it). */
export const Mutation: MutationResolvers = {
  follow: mutation(followUser),
  unfollow: mutation(unfollowUser),
  block: mutation(blockUser),
  unblock: mutation(unblockUser),
  createCircle: mutation(createCircle),
  renameCircle: mutation(renameCircle),
  addToCircle: mutation(addToCircle),
  removeFromCircle: mutation(removeFromCircle),
  deleteCircle: mutation(deleteCircle),
};

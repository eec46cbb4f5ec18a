import { mutation } from '@agora/context-runtime';
import { changePostVisibility } from '../../application/change-post-visibility/change-post-visibility.command';
import { deletePost } from '../../application/delete-post/delete-post.command';
import { editPost } from '../../application/edit-post/edit-post.command';
import { publishPost } from '../../application/publish-post/publish-post.command';
import { setPostCommentsDisabled } from '../../application/set-post-comments-disabled/set-post-comments-disabled.command';
import type { MutationResolvers } from '../__generated__/resolvers-types';

/** One line per mutation: the command pipeline does the rest (and forgets this request's loaders after it). */
export const Mutation: MutationResolvers = {
  createPost: mutation(publishPost),
  editPost: mutation(editPost),
  deletePost: mutation(deletePost),
  changePostVisibility: mutation(changePostVisibility),
  setPostCommentsDisabled: mutation(setPostCommentsDisabled),
};

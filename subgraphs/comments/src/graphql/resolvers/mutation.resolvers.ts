import { mutation } from '@agora/context-runtime';
import { addComment } from '../../application/add-comment/add-comment.command';
import { deleteComment } from '../../application/delete-comment/delete-comment.command';
import type { MutationResolvers } from '../__generated__/resolvers-types';

/** One line per mutation: the command pipeline does the rest (and forgets this request's loaders after it, so e.g. `parent.replies` shows the change). */
export const Mutation: MutationResolvers = {
  addComment: mutation(addComment),
  deleteComment: mutation(deleteComment),
};

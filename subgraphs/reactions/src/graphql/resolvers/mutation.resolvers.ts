import { mutation } from '@agora/context-runtime';
import { react } from '../../application/react/react.command';
import { unreact } from '../../application/unreact/unreact.command';
import type { MutationResolvers } from '../__generated__/resolvers-types';

/** One line per mutation: the command pipeline does the rest (and forgets this request's loaders after it). */
export const Mutation: MutationResolvers = {
  react: mutation(react),
  unreact: mutation(unreact),
};

import type { MutationResolvers } from '../__generated__/resolvers-types';

/** Thin: each mutation is one use case; the request id correlates the events it causes. */
export const Mutation: MutationResolvers = {
  register: (_parent, { input }, { useCases, requestId }) => useCases.register.execute(input, { correlationId: requestId }),
  login: (_parent, { input }, { useCases }) => useCases.logIn.execute(input),
  refreshSession: (_parent, { input }, { useCases }) => useCases.refreshSession.execute(input),
  logout: (_parent, { input }, { useCases }) => useCases.logOut.execute(input),
};

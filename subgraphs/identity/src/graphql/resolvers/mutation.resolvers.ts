import { mutation } from '@agora/context-runtime';
import { logIn } from '../../application/log-in/log-in.command';
import { logOut } from '../../application/log-out/log-out.command';
import { refreshSession } from '../../application/refresh-session/refresh-session.command';
import { registerAccount } from '../../application/register-account/register-account.command';
import type { MutationResolvers } from '../__generated__/resolvers-types';

/** One line per mutation: the command pipeline parses the input and correlates the events with the request. */
export const Mutation: MutationResolvers = {
  register: mutation(registerAccount),
  login: mutation(logIn),
  refreshSession: mutation(refreshSession),
  logout: mutation(logOut),
};

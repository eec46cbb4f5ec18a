import { mutation } from '@agora/context-runtime';
import { logIn } from '../../application/log-in/log-in.command';
import { logOut } from '../../application/log-out/log-out.command';
import { refreshSession } from '../../application/refresh-session/refresh-session.command';
import { registerAccount } from '../../application/register-account/register-account.command';
import { changePassword } from '../../application/change-password/change-password.command';
import { requestPasswordReset } from '../../application/request-password-reset/request-password-reset.command';
import { resendVerificationEmail } from '../../application/resend-verification-email/resend-verification-email.command';
import { resetPassword } from '../../application/reset-password/reset-password.command';
import { verifyEmail } from '../../application/verify-email/verify-email.command';
import { completeOAuth } from '../../application/oauth/complete-oauth.command';
import { setRole } from '../../application/roles/set-role.command';
import { startOAuth } from '../../application/oauth/start-oauth.command';
import type { MutationResolvers } from '../__generated__/resolvers-types';

const verifyEmailCommand = mutation(verifyEmail);

/** One line per mutation: the command pipeline parses the input and correlates the events with the request. */
export const Mutation: MutationResolvers = {
  register: mutation(registerAccount),
  login: mutation(logIn),
  refreshSession: mutation(refreshSession),
  logout: mutation(logOut),
  // Whoever holds the link's token proved they read the account's mail: they may see its email.
  verifyEmail: async (parent, args, ctx) => ({ ...(await verifyEmailCommand(parent, args, ctx)), emailVisible: true }),
  resendVerificationEmail: mutation(resendVerificationEmail),
  requestPasswordReset: mutation(requestPasswordReset),
  resetPassword: mutation(resetPassword),
  changePassword: mutation(changePassword),
  startOAuth: mutation(startOAuth),
  completeOAuth: mutation(completeOAuth),
  setRole: mutation(setRole),
};

import { defineCommand } from '@agora/context-runtime';
import { z } from 'zod';
import { judgeAccountToken } from '../../domain/account/account-token';
import { linkTokenSchema } from '../account-tokens/token-input';
import { IdentityErrors } from '../identity.errors';
import type { IdentityPorts } from '../ports';
import type { AccountView } from '../read-models';

/**
 * `verifyEmail`: consumes the token from the verification link (single-use, 24 h, only for the
 * address it was mailed to) and marks the email verified, with identity.account.email-verified.v1
 * in the same transaction. Anyone holding the link may use it (it may be opened signed out or
 * in another browser): the token is the proof.
 */
export const verifyEmail = defineCommand({
  name: 'verifyEmail',
  input: z.object({ token: linkTokenSchema }),
  viewer: 'optional',
  allowUnverifiedEmail: true,
  async handle({ input: { token }, now, metadata }, { accounts, refreshSecrets }: IdentityPorts): Promise<AccountView> {
    const found = await accounts.findToken(refreshSecrets.digest(token));
    if (!found || found.purpose !== 'VERIFY_EMAIL' || judgeAccountToken(found, now) !== 'usable' || found.email !== found.account.email) {
      throw IdentityErrors.verificationTokenInvalid();
    }
    const account = await accounts.verifyEmail(found.id, found.accountId, found.account.email, now, metadata);
    if (!account) throw IdentityErrors.verificationTokenInvalid(); // used by a concurrent request
    return account;
  },
});

import { defineCommand } from '@agora/context-runtime';
import { z } from 'zod';
import { mintAccountToken } from '../account-tokens/account-token-issuer';
import { IdentityErrors } from '../identity.errors';
import type { IdentityPorts } from '../ports';
import { clientKey } from '../rate-limits';

/**
 * `resendVerificationEmail`: a new verification link for the signed-in account (older links stop
 * working), counted per account and per IP. False, sending nothing, when already verified.
 */
export const resendVerificationEmail = defineCommand({
  name: 'resendVerificationEmail',
  input: z.object({}).optional(),
  viewer: 'required',
  allowUnverifiedEmail: true,
  async handle({ actor, now, ids, clientIp }, { accounts, rateLimits, refreshSecrets, mails }: IdentityPorts): Promise<boolean> {
    const found = await accounts.findAccount({ id: actor.id });
    if (!found) throw IdentityErrors.sessionRevoked();
    if (found.account.emailVerifiedAt !== null) return false;
    await rateLimits.consume('resendVerificationIp', clientKey(clientIp));
    await rateLimits.consume('resendVerificationAccount', actor.id);
    const { token, mail } = mintAccountToken('VERIFY_EMAIL', found.account, { secrets: refreshSecrets, mails, ids, now });
    await accounts.issueToken(token, [mail]);
    return true;
  },
});

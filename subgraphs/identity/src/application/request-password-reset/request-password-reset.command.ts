import { defineCommand } from '@agora/context-runtime';
import { z } from 'zod';
import { emailSchema } from '../../domain/account/email';
import type { IdentityPorts } from '../ports';
import { clientKey } from '../rate-limits';

/**
 * `requestPasswordReset`: always true, doing the same work whether or not the email is registered
 * — check the shape, count the request (per IP, per email), insert one PasswordResetRequest. The
 * background processor (handle-password-reset-request.ts) decides, out of the request's timing,
 * whether there is an account to mail.
 */
export const requestPasswordReset = defineCommand({
  name: 'requestPasswordReset',
  input: z.object({ email: emailSchema }),
  viewer: 'optional',
  allowUnverifiedEmail: true,
  async handle({ input: { email }, now, ids, clientIp }, { rateLimits, resetRequests }: IdentityPorts): Promise<boolean> {
    await rateLimits.consume('passwordResetIp', clientKey(clientIp));
    await rateLimits.consume('passwordResetEmail', email);
    await resetRequests.add({ id: ids.newId(), email, requestedAt: now });
    return true;
  },
});

import { z } from 'zod';
import type { EventContract } from '../envelope';

export const accountRegisteredV1Schema = z.object({
  accountId: z.uuid(),
  username: z.string().min(3).max(30),
  registeredAt: z.iso.datetime(),
});

/** An account was created with its credentials. Profiles creates the profile from it. */
export declare const AccountRegisteredV1: EventContract<'identity.account.registered.v1', z.infer<typeof accountRegisteredV1Schema>>;

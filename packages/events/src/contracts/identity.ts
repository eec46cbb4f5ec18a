import { z } from 'zod';
import { uuid } from './id';
import { defineEvent, type EventContract } from '../envelope';
import { STREAMS } from '../streams';

export const accountRegisteredV1Schema = z.object({
  accountId: uuid(),
  username: z.string().min(3).max(30),
  registeredAt: z.iso.datetime(),
});

/** An account was created with its credentials. Profiles creates the profile from it. */
export const AccountRegisteredV1: EventContract<'identity.account.registered.v1', z.infer<typeof accountRegisteredV1Schema>> = defineEvent({
  type: 'identity.account.registered.v1',
  stream: STREAMS.IDENTITY.name,
  description: 'An account was created with its credentials. Profiles creates the profile from it.',
  schema: accountRegisteredV1Schema,
});

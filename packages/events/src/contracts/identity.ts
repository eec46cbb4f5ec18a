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

export const accountEmailVerifiedV1Schema = z.object({
  accountId: uuid(),
  /** The verified address, lower case. Personal data: only contexts that send mail keep it. */
  email: z.string().min(3).max(254),
  verifiedAt: z.iso.datetime(),
});

/**
 * The account proved it owns its email (the link in the verification mail was used). Notifications
 * keeps the address from it, so notification mail only ever goes to a verified address.
 */
export const AccountEmailVerifiedV1: EventContract<
  'identity.account.email-verified.v1',
  z.infer<typeof accountEmailVerifiedV1Schema>
> = defineEvent({
  type: 'identity.account.email-verified.v1',
  stream: STREAMS.IDENTITY.name,
  description: 'The account verified its email address. Notifications keeps the address to send notification mail to.',
  schema: accountEmailVerifiedV1Schema,
});

/** The platform roles, lowest first: a moderator may do what a member may, an admin what a moderator may. */
export const roleSchema = z.enum(['MEMBER', 'MODERATOR', 'ADMIN']);
export type Role = z.infer<typeof roleSchema>;

export const accountRoleChangedV1Schema = z.object({
  accountId: uuid(),
  role: roleSchema,
  previousRole: roleSchema,
  /** The admin who changed it; null for the bootstrap (AGORA_BOOTSTRAP_ADMIN_EMAIL, `npm run admin:grant`). */
  changedBy: uuid().nullable(),
  changedAt: z.iso.datetime(),
});

/**
 * An account's role changed. The access token carries the role, so the gateway refuses that
 * account's access tokens issued before changedAt: the next refresh carries the new role.
 */
export const AccountRoleChangedV1: EventContract<
  'identity.account.role-changed.v1',
  z.infer<typeof accountRoleChangedV1Schema>
> = defineEvent({
  type: 'identity.account.role-changed.v1',
  stream: STREAMS.IDENTITY.name,
  description:
    "An account's role changed (by an admin, or by the bootstrap when changedBy is null). aggregateId = accountId. The gateway refuses the account's access tokens issued before changedAt, so the next refresh carries the new role.",
  schema: accountRoleChangedV1Schema,
});

import { uuidInput } from '@agora/context-runtime';
import { z } from 'zod';
import { MODERATION_ACTIONS, REPORT_REASONS } from '../domain/report/report';

/**
 * The GraphQL inputs, validated before anything is read. Field names match the GraphQL input
 * fields, so the first issue's path is the `extensions.field` the client sees. Free texts are
 * checked by the domain (user-text rule, 500 characters).
 */
const id = uuidInput('Must be a valid id');
const optionalText = z.string({ message: 'Must be a string' }).nullish();
const optionalInt = z.number({ message: 'Must be a whole number' }).int({ message: 'Must be a whole number' }).nullish();

/**
 * The role the verified viewer's token carries, added by the moderators' resolver from the signed
 * identity header (never from the client: the GraphQL inputs have no such field).
 */
export const actorRoleSchema = z.enum(['MEMBER', 'MODERATOR', 'ADMIN']);

export const reportContentInputSchema = z.object({
  subjectId: id,
  reason: z.enum(REPORT_REASONS),
  note: optionalText,
});
export const resolveReportInputSchema = z.object({
  reportId: id,
  action: z.enum(MODERATION_ACTIONS),
  note: optionalText,
  suspendDays: optionalInt,
  actorRole: actorRoleSchema,
});
export const suspendUserInputSchema = z.object({
  userId: id,
  days: optionalInt,
  reason: z.string({ message: 'Must be a string' }),
  actorRole: actorRoleSchema,
});
export const unsuspendUserInputSchema = z.object({ userId: id, actorRole: actorRoleSchema });
export const restoreContentInputSchema = z.object({ subjectId: id, note: optionalText, actorRole: actorRoleSchema });

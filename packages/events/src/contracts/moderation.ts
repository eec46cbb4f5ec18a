import { z } from 'zod';
import { uuid } from './id';
import { defineEvent, type EventContract } from '../envelope';
import { STREAMS } from '../streams';

/** What a moderation decision is about: a post or a comment. */
export const moderationSubjectTypeSchema = z.enum(['POST', 'COMMENT']);

const subject = {
  subjectType: moderationSubjectTypeSchema,
  /** The post's or the comment's id. */
  subjectId: uuid(),
  /** The post: the subject itself for a POST, the post the comment is under for a COMMENT. */
  postId: uuid(),
  /** The subject's author. */
  authorId: uuid(),
  /** The moderator (or admin) who decided. */
  moderatorId: uuid(),
  /** The report the decision resolved; null for a decision taken without one (e.g. a reversal). */
  reportId: uuid().nullable(),
  /** The moderator's note, kept as the audit trail; null when none was given. */
  reason: z.string().max(1000).nullable(),
};

export const contentRemovedV1Schema = z.object({ ...subject, removedAt: z.iso.datetime() });
export const contentRestoredV1Schema = z.object({ ...subject, restoredAt: z.iso.datetime() });

export const accountSuspendedV1Schema = z.object({
  userId: uuid(),
  moderatorId: uuid(),
  reportId: uuid().nullable(),
  reason: z.string().min(1).max(1000),
  suspendedAt: z.iso.datetime(),
  /** The end of the suspension; null = until unsuspended. */
  until: z.iso.datetime().nullable(),
});

export const accountUnsuspendedV1Schema = z.object({
  userId: uuid(),
  moderatorId: uuid(),
  unsuspendedAt: z.iso.datetime(),
});

export const reportResolvedV1Schema = z.object({
  reportId: uuid(),
  subjectType: moderationSubjectTypeSchema,
  subjectId: uuid(),
  action: z.enum(['DISMISS', 'REMOVE_CONTENT', 'SUSPEND_AUTHOR']),
  moderatorId: uuid(),
  note: z.string().max(1000).nullable(),
  resolvedAt: z.iso.datetime(),
});

export const ContentRemovedV1: EventContract<'moderation.content.removed.v1', z.infer<typeof contentRemovedV1Schema>> = defineEvent({
  type: 'moderation.content.removed.v1',
  stream: STREAMS.MODERATION.name,
  description:
    'A moderator removed a post or a comment. aggregateId = subjectId. Every context that shows it hides it from everyone but its author (who sees it marked removed) and moderators; a removed post takes its comments, reactions, feed entries, notifications and attachments with it. Undone only by moderation.content.restored.v1.',
  schema: contentRemovedV1Schema,
});

export const ContentRestoredV1: EventContract<'moderation.content.restored.v1', z.infer<typeof contentRestoredV1Schema>> = defineEvent({
  type: 'moderation.content.restored.v1',
  stream: STREAMS.MODERATION.name,
  description:
    'A moderator reversed a removal. aggregateId = subjectId. Every context shows the subject again exactly as before the removal (anything deleted meanwhile stays deleted).',
  schema: contentRestoredV1Schema,
});

export const AccountSuspendedV1: EventContract<'moderation.account.suspended.v1', z.infer<typeof accountSuspendedV1Schema>> = defineEvent({
  type: 'moderation.account.suspended.v1',
  stream: STREAMS.MODERATION.name,
  description:
    'A moderator suspended an account (until a date, or indefinitely when until is null). aggregateId = userId. Identity refuses its sign-in, refresh and OAuth and revokes its sessions; the gateway refuses its access tokens issued before suspendedAt.',
  schema: accountSuspendedV1Schema,
});

export const AccountUnsuspendedV1: EventContract<
  'moderation.account.unsuspended.v1',
  z.infer<typeof accountUnsuspendedV1Schema>
> = defineEvent({
  type: 'moderation.account.unsuspended.v1',
  stream: STREAMS.MODERATION.name,
  description:
    'A moderator lifted a suspension early. aggregateId = userId. The account may sign in again (tokens issued before the suspension stay refused).',
  schema: accountUnsuspendedV1Schema,
});

export const ReportResolvedV1: EventContract<'moderation.report.resolved.v1', z.infer<typeof reportResolvedV1Schema>> = defineEvent({
  type: 'moderation.report.resolved.v1',
  stream: STREAMS.MODERATION.name,
  description:
    'A moderator resolved a report (the audit trail of decisions). aggregateId = reportId. REMOVE_CONTENT and SUSPEND_AUTHOR are followed, in the same transaction, by the content.removed / account.suspended event that carries the effect.',
  schema: reportResolvedV1Schema,
});

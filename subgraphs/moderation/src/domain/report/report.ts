import { ModerationError } from '../moderation.errors';
import type { Subject, SubjectType } from '../subject/subject';

export const REPORT_REASONS = ['SPAM', 'HARASSMENT', 'HATE', 'VIOLENCE', 'NUDITY', 'OTHER'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];
export type ReportStatus = 'OPEN' | 'RESOLVED' | 'DISMISSED';
export const MODERATION_ACTIONS = ['DISMISS', 'REMOVE_CONTENT', 'SUSPEND_AUTHOR'] as const;
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];

/** A report: one per reporter and subject. */
export interface Report {
  id: string;
  reporterId: string;
  subjectType: SubjectType;
  subjectId: string;
  postId: string;
  subjectAuthorId: string;
  reason: ReportReason;
  note: string | null;
  status: ReportStatus;
  createdAt: Date;
  resolvedAt: Date | null;
  resolvedBy: string | null;
  action: ModerationAction | null;
  resolutionNote: string | null;
}

/**
 * A new report of `subject` by `reporterId`. `subject` is null when the subject is unknown,
 * deleted, removed or not visible to the reporter: NOT_FOUND, so a report never reveals that
 * something exists. Reporting your own content is refused (MODERATION.OWN_CONTENT).
 */
export function fileReport(args: {
  id: string;
  reporterId: string;
  subject: Subject | null;
  reason: ReportReason;
  note: string | null;
  at: Date;
}): Report {
  const { subject } = args;
  if (subject === null) throw ModerationError.subjectNotFound();
  if (subject.authorId === args.reporterId) throw ModerationError.ownContent();
  return {
    id: args.id,
    reporterId: args.reporterId,
    subjectType: subject.type,
    subjectId: subject.id,
    postId: subject.postId,
    subjectAuthorId: subject.authorId,
    reason: args.reason,
    note: args.note,
    status: 'OPEN',
    createdAt: args.at,
    resolvedAt: null,
    resolvedBy: null,
    action: null,
    resolutionNote: null,
  };
}

/** The status a decision leaves a report in: DISMISS → DISMISSED, any other action → RESOLVED. */
export const statusAfter = (action: ModerationAction): ReportStatus => (action === 'DISMISS' ? 'DISMISSED' : 'RESOLVED');

/**
 * Resolves an OPEN report (MODERATION.ALREADY_RESOLVED otherwise): status by the action, who
 * decided, when and why.
 */
export function resolveReport(
  report: Report,
  decision: { action: ModerationAction; moderatorId: string; note: string | null; at: Date },
): Report {
  if (report.status !== 'OPEN') throw ModerationError.alreadyResolved();
  return {
    ...report,
    status: statusAfter(decision.action),
    resolvedAt: decision.at,
    resolvedBy: decision.moderatorId,
    action: decision.action,
    resolutionNote: decision.note,
  };
}

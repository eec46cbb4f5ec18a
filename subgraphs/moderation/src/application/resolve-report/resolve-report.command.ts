import { defineCommand } from '@agora/context-runtime';
import { resolveReport as decide, type Report } from '../../domain/report/report';
import type { Subject } from '../../domain/subject/subject';
import { checkCanSuspend, suspensionEnd, type Suspension } from '../../domain/suspension/suspension';
import { ModerationError } from '../../domain/moderation.errors';
import { optionalNote } from '../../domain/text';
import { resolveReportInputSchema } from '../inputs';
import { requireModerator } from '../moderator';
import type { ModerationEvent, TransactionScope } from '../ports';

/**
 * `resolveReport` (moderators): DISMISS → DISMISSED; REMOVE_CONTENT → RESOLVED, the subject
 * recorded removed and moderation.content.removed.v1 (once: an already removed subject is not
 * removed again), every other OPEN report on the subject RESOLVED with it (each with its own
 * report.resolved.v1); SUSPEND_AUTHOR → RESOLVED and moderation.account.suspended.v1 for the
 * subject's author. Each resolved report emits moderation.report.resolved.v1 and gets an audit row;
 * everything in one transaction with the outbox rows.
 */
export const resolveReport = defineCommand({
  name: 'resolveReport',
  input: resolveReportInputSchema,
  viewer: 'required',
  async handle(
    { input, actor, now, ids, metadata },
    { reports, subjects, suspensions, roles, decisions, outbox }: TransactionScope,
  ): Promise<Report> {
    requireModerator(input.actorRole);
    const note = optionalNote(input.note);
    const report = await reports.findForUpdate(input.reportId);
    if (!report) throw ModerationError.reportNotFound();
    const decision = { action: input.action, moderatorId: actor.id, note, at: now };
    const resolved = decide(report, decision);
    const subject: Subject = { type: report.subjectType, id: report.subjectId, postId: report.postId, authorId: report.subjectAuthorId };
    const events: ModerationEvent[] = [];
    const settled: Report[] = [resolved];

    if (input.action === 'SUSPEND_AUTHOR') {
      const until = suspensionEnd(now, input.suspendDays, 'suspendDays');
      checkCanSuspend(
        { id: actor.id, role: input.actorRole },
        { id: subject.authorId, role: await roles.roleOf(subject.authorId) },
        'reportId',
      );
      await suspensions.findForUpdate(subject.authorId);
      const suspension: Suspension = {
        userId: subject.authorId,
        until,
        reason: note ?? `Reported for ${report.reason}`,
        moderatorId: actor.id,
        reportId: report.id,
        suspendedAt: now,
      };
      await suspensions.save(suspension);
      events.push({ type: 'AccountSuspended', suspension });
    }
    if (input.action === 'REMOVE_CONTENT') {
      if (!(await subjects.findRemoved(subject.id))) {
        await subjects.recordRemoved(subject, { moderatorId: actor.id, reportId: report.id, at: now });
        events.push({ type: 'ContentRemoved', subject, moderatorId: actor.id, reportId: report.id, reason: note, at: now });
      }
      for (const other of await reports.openOnSubjectForUpdate(subject.id)) {
        if (other.id !== report.id) settled.push(decide(other, decision));
      }
    }

    for (const each of settled) {
      await reports.saveResolution(each);
      await decisions.record({
        id: ids.newId(),
        moderatorId: actor.id,
        action: input.action,
        subjectType: subject.type,
        subjectId: subject.id,
        reportId: each.id,
        reason: note,
        at: now,
      });
      events.push({ type: 'ReportResolved', report: each });
    }
    await outbox.append(events, metadata);
    return resolved;
  },
});

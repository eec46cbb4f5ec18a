import { defineCommand } from '@agora/context-runtime';
import { fileReport, type Report } from '../../domain/report/report';
import { optionalNote } from '../../domain/text';
import { reportContentInputSchema } from '../inputs';
import type { TransactionScope } from '../ports';

/**
 * `reportContent`: the note is checked first, then the subject against the replicas as the
 * reporter may see it (unknown, deleted, removed or invisible → NOT_FOUND, existence never
 * revealed; own content → OWN_CONTENT). Once per reporter and subject: a second report of the
 * same subject by the same reporter answers the existing report unchanged and writes nothing.
 * No event: a report is moderation's own business until a moderator decides.
 */
export const reportContent = defineCommand({
  name: 'reportContent',
  input: reportContentInputSchema,
  viewer: 'required',
  async handle({ input, actor, now, ids }, { subjects, reports }: TransactionScope): Promise<Report> {
    const note = optionalNote(input.note);
    const subject = await subjects.visibleTo(input.subjectId, actor.id);
    const existing = await reports.findByReporter(actor.id, input.subjectId);
    if (existing) return existing;
    const report = fileReport({ id: ids.newId(), reporterId: actor.id, subject, reason: input.reason, note, at: now });
    if (await reports.insertIfAbsent(report)) return report;
    // A concurrent report by the same reporter won the unique (reporter, subject): answer that one.
    return (await reports.findByReporter(actor.id, input.subjectId))!;
  },
});

import { mutation } from '@agora/context-runtime';
import { reportContent } from '../../application/report-content/report-content.command';
import { resolveReport } from '../../application/resolve-report/resolve-report.command';
import { restoreContent } from '../../application/restore-content/restore-content.command';
import { suspendUser } from '../../application/suspend-user/suspend-user.command';
import { unsuspendUser } from '../../application/unsuspend-user/unsuspend-user.command';
import type { MutationResolvers } from '../__generated__/resolvers-types';
import { moderatorMutation } from '../guard';

/** One line per mutation; moderators' mutations also check the role and log the decision with the actor. */
export const Mutation: MutationResolvers = {
  reportContent: mutation(reportContent),
  resolveReport: moderatorMutation(resolveReport, (input, report) => ({
    reportId: report.id,
    decision: input.action,
    subjectType: report.subjectType,
    subjectId: report.subjectId,
    suspendDays: input.suspendDays ?? null,
  })),
  suspendUser: moderatorMutation(suspendUser, (input) => ({ userId: input.userId, days: input.days ?? null })),
  unsuspendUser: moderatorMutation(unsuspendUser, (input) => ({ userId: input.userId })),
  restoreContent: moderatorMutation(restoreContent, (input) => ({ subjectId: input.subjectId })),
};

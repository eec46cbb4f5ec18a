import type { ModerationDecision } from '../../domain/moderation';
import type { NotificationScope } from '../ports';

/**
 * Records a moderator's decision under the subject's exclusive lock (post, then comment — the
 * order every handler locks in): a notification being created about the subject concurrently
 * (its handler holds the shared lock) either commits first — and is hidden by the decision — or
 * sees the decision and is not created.
 */
export async function recordDecision(scope: NotificationScope, decision: ModerationDecision): Promise<void> {
  await scope.locks.lock('exclusive', {
    postIds: [decision.postId],
    commentIds: decision.subjectType === 'COMMENT' ? [decision.subjectId] : [],
  });
  await scope.moderation.record(decision);
}

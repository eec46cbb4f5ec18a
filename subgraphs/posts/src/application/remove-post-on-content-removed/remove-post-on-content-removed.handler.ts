import { defineConsumer } from '@agora/context-runtime';
import { ContentRemovedV1 } from '@agora/events';
import { moderatePost } from '../moderate-post';
import type { TransactionScope } from '../ports';

/**
 * moderation.content.removed.v1 about a POST → `PostRemovedByModeration` in its stream: from now
 * on every read path hides it from everyone but its author (marked with `removedAt`) and
 * moderators, and its author may only delete it. A COMMENT's removal is the comments context's
 * (posts has nothing of a comment). Once per event (inbox).
 */
export const removePostOnContentRemoved = defineConsumer({
  name: 'RemovePostOnContentRemoved',
  contract: ContentRemovedV1,
  async handle({ id, payload }, scope: TransactionScope) {
    if (payload.subjectType !== 'POST') return;
    await moderatePost(scope, payload.subjectId, id, (post) =>
      post.removeByModeration({ moderatorId: payload.moderatorId, reason: payload.reason, at: new Date(payload.removedAt) }),
    );
  },
});

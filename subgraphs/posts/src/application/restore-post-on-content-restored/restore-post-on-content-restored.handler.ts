import { defineConsumer } from '@agora/context-runtime';
import { ContentRestoredV1 } from '@agora/events';
import { moderatePost } from '../moderate-post';
import type { TransactionScope } from '../ports';

/**
 * moderation.content.restored.v1 about a POST → `PostRestoredByModeration` in its stream: the
 * post is visible again exactly as before (its audience, body and version history untouched).
 * Nothing for a COMMENT. Once per event (inbox).
 */
export const restorePostOnContentRestored = defineConsumer({
  name: 'RestorePostOnContentRestored',
  contract: ContentRestoredV1,
  async handle({ id, payload }, scope: TransactionScope) {
    if (payload.subjectType !== 'POST') return;
    await moderatePost(scope, payload.subjectId, id, (post) =>
      post.restoreByModeration({ moderatorId: payload.moderatorId, at: new Date(payload.restoredAt) }),
    );
  },
});

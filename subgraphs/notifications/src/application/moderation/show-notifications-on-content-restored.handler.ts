import { defineConsumer } from '@agora/context-runtime';
import { ContentRestoredV1 } from '@agora/events';
import type { NotificationScope } from '../ports';
import { recordDecision } from './record-decision';

/** moderation.content.restored.v1 → the removal is lifted (newest decision wins): the notifications that existed are back as they were (seen or not). */
export const showNotificationsOnContentRestored = defineConsumer({
  name: 'ShowNotificationsOnContentRestored',
  contract: ContentRestoredV1,
  async handle({ payload }, scope: NotificationScope) {
    await recordDecision(scope, {
      subjectId: payload.subjectId,
      subjectType: payload.subjectType,
      postId: payload.postId,
      authorId: payload.authorId,
      removed: false,
      decidedAt: new Date(payload.restoredAt),
    });
  },
});

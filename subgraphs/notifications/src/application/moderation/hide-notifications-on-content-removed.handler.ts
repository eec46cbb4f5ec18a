import { defineConsumer } from '@agora/context-runtime';
import { ContentRemovedV1 } from '@agora/events';
import type { NotificationScope } from '../ports';
import { recordDecision } from './record-decision';

/**
 * moderation.content.removed.v1 → the decision is recorded (newest wins, `nextModeration`): the
 * notifications about the post or comment leave `notifications`, `unseenNotificationCount`,
 * `markNotificationsSeen`, `_entities` and digests, and no new one is created (nor announced, nor
 * mailed) about it. Nothing is deleted.
 */
export const hideNotificationsOnContentRemoved = defineConsumer({
  name: 'HideNotificationsOnContentRemoved',
  contract: ContentRemovedV1,
  async handle({ payload }, scope: NotificationScope) {
    await recordDecision(scope, {
      subjectId: payload.subjectId,
      subjectType: payload.subjectType,
      postId: payload.postId,
      authorId: payload.authorId,
      removed: true,
      decidedAt: new Date(payload.removedAt),
    });
  },
});

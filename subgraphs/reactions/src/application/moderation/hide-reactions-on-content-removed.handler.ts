import { defineConsumer } from '@agora/context-runtime';
import { ContentRemovedV1 } from '@agora/events';
import type { TransactionScope } from '../ports';

/**
 * moderation.content.removed.v1 → the decision is recorded (newest wins, `nextModeration`): the
 * subject's reactions (for a post, its comments' too) are left out of every read and `react`
 * answers NOT_FOUND. No reaction is deleted and no event published.
 */
export const hideReactionsOnContentRemoved = defineConsumer({
  name: 'HideReactionsOnContentRemoved',
  contract: ContentRemovedV1,
  async handle({ payload }, { moderation }: TransactionScope) {
    await moderation.record({
      subjectId: payload.subjectId,
      subjectType: payload.subjectType,
      postId: payload.postId,
      authorId: payload.authorId,
      removed: true,
      decidedAt: new Date(payload.removedAt),
    });
  },
});

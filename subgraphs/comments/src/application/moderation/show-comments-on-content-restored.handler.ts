import { defineConsumer } from '@agora/context-runtime';
import { ContentRestoredV1 } from '@agora/events';
import type { TransactionScope } from '../ports';

/** moderation.content.restored.v1 → the removal is lifted (newest decision wins): everything is shown again as it was. */
export const showCommentsOnContentRestored = defineConsumer({
  name: 'ShowCommentsOnContentRestored',
  contract: ContentRestoredV1,
  async handle({ payload }, { moderation }: TransactionScope) {
    await moderation.record({
      subjectId: payload.subjectId,
      subjectType: payload.subjectType,
      postId: payload.postId,
      authorId: payload.authorId,
      removed: false,
      decidedAt: new Date(payload.restoredAt),
    });
  },
});

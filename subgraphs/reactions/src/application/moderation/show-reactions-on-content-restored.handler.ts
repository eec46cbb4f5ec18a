import { defineConsumer } from '@agora/context-runtime';
import { ContentRestoredV1 } from '@agora/events';
import type { TransactionScope } from '../ports';

/** moderation.content.restored.v1 → the removal is lifted (newest decision wins): the totals are back exactly as they were. */
export const showReactionsOnContentRestored = defineConsumer({
  name: 'ShowReactionsOnContentRestored',
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

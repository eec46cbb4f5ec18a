import { defineConsumer } from '@agora/context-runtime';
import { ContentRestoredV1 } from '@agora/events';
import type { TransactionScope } from '../ports';

/**
 * moderation.content.restored.v1 about a POST → the restoration is recorded: the post's
 * attachments are shown again to whoever may see the post (the newest decision wins). Nothing
 * for a COMMENT. Once per event (inbox).
 */
export const showAttachmentsOnContentRestored = defineConsumer({
  name: 'ShowAttachmentsOnContentRestored',
  contract: ContentRestoredV1,
  async handle({ payload }, scope: TransactionScope) {
    if (payload.subjectType !== 'POST') return;
    await scope.moderation.record({ postId: payload.subjectId, removed: false, decidedAt: new Date(payload.restoredAt) });
  },
});

import { defineConsumer } from '@agora/context-runtime';
import { ContentRemovedV1 } from '@agora/events';
import type { TransactionScope } from '../ports';

/**
 * moderation.content.removed.v1 about a POST → the decision is recorded: from now on the post's
 * attachments are shown to nobody but their owner (the post's author) and moderators — in
 * `Post.attachments`, `mediaItem` and the signed URLs issued for them. Nothing is detached or
 * deleted, so a restoration shows them again as they were. A COMMENT has no media. Once per event (inbox).
 */
export const hideAttachmentsOnContentRemoved = defineConsumer({
  name: 'HideAttachmentsOnContentRemoved',
  contract: ContentRemovedV1,
  async handle({ payload }, scope: TransactionScope) {
    if (payload.subjectType !== 'POST') return;
    await scope.moderation.record({ postId: payload.subjectId, removed: true, decidedAt: new Date(payload.removedAt) });
  },
});

import { defineConsumer } from '@agora/context-runtime';
import { ContentRemovedV1 } from '@agora/events';
import type { TransactionScope } from '../ports';

/**
 * moderation.content.removed.v1 → the decision is recorded (newest wins, see `nextModeration`).
 * Nothing is deleted: a removed comment (with its replies) or every comment of a removed post is
 * left out of every read for all but the subject's author and moderators, and `addComment`
 * refuses a removed post or parent as if it did not exist.
 */
export const hideCommentsOnContentRemoved = defineConsumer({
  name: 'HideCommentsOnContentRemoved',
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

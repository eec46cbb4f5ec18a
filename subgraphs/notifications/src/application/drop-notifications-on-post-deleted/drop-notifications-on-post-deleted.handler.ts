import { defineConsumer } from '@agora/context-runtime';
import { PostDeletedV1 } from '@agora/events';
import { postFact } from '../post-fact';
import type { NotificationScope } from '../ports';

/**
 * posts.post.deleted.v1: records the deletion in the post facts (terminal; it replaces the
 * audience kernel's own consumer of this event) and drops every notification and pending mention
 * about the post, its comments included. Later events about the post create nothing.
 */
export const dropNotificationsOnPostDeleted = defineConsumer({
  name: 'DropNotificationsOnPostDeleted',
  contract: PostDeletedV1,
  async handle(event, scope: NotificationScope) {
    const about = { postId: event.payload.postId };
    await scope.locks.lock('exclusive', { postIds: [about.postId] });
    await scope.facts.applyPostFact(postFact(event));
    await scope.notifications.dropAbout(about);
    await scope.pending.dropAbout(about);
  },
});

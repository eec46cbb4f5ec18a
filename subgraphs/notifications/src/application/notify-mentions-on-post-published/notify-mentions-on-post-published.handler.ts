import { defineConsumer } from '@agora/context-runtime';
import { PostPublishedV1 } from '@agora/events';
import { mentionsIn } from '../../domain/mentions';
import { deliverMentions } from '../mention-delivery';
import { postFact } from '../post-fact';
import type { NotificationScope } from '../ports';

/**
 * posts.post.published.v1, in one transaction:
 * - records the post's access facts (it replaces the audience kernel's own consumer of this event,
 *   so the facts and what depends on them commit together);
 * - MENTIONED for each @username in the body who may see the post as published (the kernel's
 *   `visibleTo` rule on the event's audience); unknown usernames wait in `pending_mention`;
 * - delivers the mentions in comments that were waiting for this publication.
 */
export const notifyMentionsOnPostPublished = defineConsumer({
  name: 'NotifyMentionsOnPostPublished',
  contract: PostPublishedV1,
  async handle(event, scope: NotificationScope, call) {
    const post = event.payload;
    const mentions = mentionsIn(post.body, {
      sourceEventId: event.id,
      actorId: post.authorId,
      postId: post.postId,
      commentId: null,
      audience: { authorId: post.authorId, visibility: post.visibility, circleIds: post.circleIds },
      at: new Date(post.publishedAt),
    });
    await scope.locks.lock('shared', { usernames: mentions.map((m) => m.username) });
    await scope.locks.lock('exclusive', { postIds: [post.postId] });
    await scope.facts.applyPostFact(postFact(event));
    if (await scope.facts.isGone(post.postId, [])) return;
    const own = await deliverMentions(scope, mentions, call, { excerpt: post.body });
    await scope.pending.save(own.waiting);
    const inComments = (await scope.pending.of({ postId: post.postId })).filter((mention) => mention.commentId !== null);
    const waited = await deliverMentions(scope, inComments, call);
    await scope.pending.remove(waited.settled);
  },
});

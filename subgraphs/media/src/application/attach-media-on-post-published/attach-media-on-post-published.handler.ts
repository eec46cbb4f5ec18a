import { defineConsumer } from '@agora/context-runtime';
import { PostPublishedV1 } from '@agora/events';
import type { TransactionScope } from '../ports';

/**
 * posts.post.published.v1 → the post's attachments, in the author's order: only the author's own
 * READY items are recorded (posts checked the same when publishing; an item deleted meanwhile is
 * left out). The publication is recorded in the post's access row first (as the audience
 * replica's own consumer does, idempotently), which locks it against a concurrent deletion; a post
 * already known deleted gets no attachments.
 */
export const attachMediaOnPostPublished = defineConsumer({
  name: 'AttachMediaOnPostPublished',
  contract: PostPublishedV1,
  async handle({ payload }, { posts, media, attachments }: TransactionScope) {
    const { deleted } = await posts.recordPublication({
      postId: payload.postId,
      authorId: payload.authorId,
      visibility: payload.visibility,
      circleIds: payload.circleIds,
      commentsDisabled: payload.commentsDisabled ?? false,
      publishedAt: new Date(payload.publishedAt),
    });
    const requested = [...new Set(payload.attachmentIds ?? [])];
    if (deleted || requested.length === 0) return;
    const usable = await media.readyOwnedBy(payload.authorId, requested);
    await attachments.attach(
      payload.postId,
      payload.authorId,
      requested.filter((id) => usable.has(id)),
    );
  },
});

import { PostDeletedV1, type PayloadOf } from '@agora/events';
import type { EventHandler } from '@agora/messaging';
import type { RemoveCommentsOnPostDeletedHandler } from '../../application/remove-comments-on-post-deleted/remove-comments-on-post-deleted.handler';

/** Durable `comments--remove-comments-on-post-deleted`: posts.post.deleted.v1 → the post's comments go. */
export function removeCommentsOnPostDeleted(handler: RemoveCommentsOnPostDeletedHandler): EventHandler<'posts.post.deleted.v1', PayloadOf<typeof PostDeletedV1>> {
  return {
    name: 'RemoveCommentsOnPostDeleted',
    contract: PostDeletedV1,
    async handle(event, context) {
      const removed = await handler.handle({
        eventId: event.id,
        consumer: context.consumer,
        postId: event.payload.postId.toLowerCase(),
        authorId: event.payload.authorId.toLowerCase(),
      });
      context.logger.debug({ eventId: event.id, postId: event.payload.postId, removed }, removed === null ? 'post deletion already handled' : 'comments of deleted post removed');
    },
  };
}

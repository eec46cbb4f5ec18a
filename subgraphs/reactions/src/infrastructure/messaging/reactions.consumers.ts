import { CommentAddedV1, CommentDeletedV1, PostDeletedV1, type PayloadOf } from '@agora/events';
import type { EventHandler } from '@agora/messaging';
import type { RecordCommentOnCommentAddedHandler } from '../../application/record-comment-on-comment-added/record-comment-on-comment-added.handler';
import type { RemoveReactionsOnCommentDeletedHandler } from '../../application/remove-reactions-on-comment-deleted/remove-reactions-on-comment-deleted.handler';
import type { RemoveReactionsOnPostDeletedHandler } from '../../application/remove-reactions-on-post-deleted/remove-reactions-on-post-deleted.handler';

/**
 * The kernel's post-deletion consumer that reactions replaces with its own (below), which records
 * the deletion in the replica AND removes the post's reactions in one transaction.
 */
export const REPLACED_AUDIENCE_HANDLERS = ['RecordPostDeletionOnPostDeleted'] as const;

type Log = Parameters<EventHandler['handle']>[1]['logger'];
const logOutcome = (logger: Log, eventId: string, type: string, applied: boolean) =>
  logger.debug({ eventId, type, applied }, applied ? 'event applied' : 'event already processed');

/** `reactions--remove-reactions-on-post-deleted`: a deleted post takes its and its comments' reactions along. */
export function removeReactionsOnPostDeleted(handler: RemoveReactionsOnPostDeletedHandler): EventHandler<typeof PostDeletedV1.type, PayloadOf<typeof PostDeletedV1>> {
  return {
    name: 'RemoveReactionsOnPostDeleted',
    contract: PostDeletedV1,
    async handle(event, context) {
      const { postId, authorId } = event.payload;
      logOutcome(context.logger, event.id, event.type, await handler.handle(context.consumer, { eventId: event.id, postId, authorId }));
    },
  };
}

/** `reactions--record-comment-on-comment-added`: the comment becomes known (reactable). */
export function recordCommentOnCommentAdded(handler: RecordCommentOnCommentAddedHandler): EventHandler<typeof CommentAddedV1.type, PayloadOf<typeof CommentAddedV1>> {
  return {
    name: 'RecordCommentOnCommentAdded',
    contract: CommentAddedV1,
    async handle(event, context) {
      const { commentId, postId, authorId } = event.payload;
      logOutcome(context.logger, event.id, event.type, await handler.handle(context.consumer, { eventId: event.id, commentId, postId, authorId }));
    },
  };
}

/** `reactions--remove-reactions-on-comment-deleted`: the comment and its replies are gone, with their reactions. */
export function removeReactionsOnCommentDeleted(handler: RemoveReactionsOnCommentDeletedHandler): EventHandler<typeof CommentDeletedV1.type, PayloadOf<typeof CommentDeletedV1>> {
  return {
    name: 'RemoveReactionsOnCommentDeleted',
    contract: CommentDeletedV1,
    async handle(event, context) {
      const { commentId, postId, authorId, removedCommentIds } = event.payload;
      const applied = await handler.handle(context.consumer, { eventId: event.id, commentId, postId, authorId, removedCommentIds });
      logOutcome(context.logger, event.id, event.type, applied);
    },
  };
}

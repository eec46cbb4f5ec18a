import type { NotificationResolvers } from '../__generated__/resolvers-types';

/**
 * The Notification entity. A reference is only ever the viewer's own notification: the loader
 * batches every reference of a request into one statement and answers null for anyone else's.
 * Actor, post and comment are references the gateway resolves in their contexts (a post or
 * comment the viewer may no longer see resolves to null there).
 */
export const Notification: NotificationResolvers = {
  __resolveReference: (reference, ctx) => ctx.loaders.notificationById.load(reference.id),
  actor: (notification) => ({ __typename: 'User', id: notification.actorId }),
  post: (notification) => (notification.postId ? { __typename: 'Post', id: notification.postId } : null),
  comment: (notification) => (notification.commentId ? { __typename: 'Comment', id: notification.commentId } : null),
};

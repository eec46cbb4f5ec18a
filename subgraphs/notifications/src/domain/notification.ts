/** What happened to the recipient (API.md, notifications). */
export const NOTIFICATION_KINDS = ['FOLLOWED', 'COMMENTED', 'REPLIED', 'REACTED', 'MENTIONED'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * A notification to create: who gets it, what happened, who did it, what it is about and which
 * event caused it. At most one per (sourceEventId, recipientId, kind), whatever the redeliveries.
 */
export interface NotificationDraft {
  recipientId: string;
  kind: NotificationKind;
  actorId: string;
  postId: string | null;
  commentId: string | null;
  /** Id of the causing event (envelope id). */
  sourceEventId: string;
  /** When the thing happened (the causing event's time). */
  at: Date;
}

/**
 * A notification as it was stored: a draft that was new (not a redelivery, not across a block, not
 * to oneself) with the id it was stored under. Each one is announced as
 * `notifications.notification.created.v1`.
 */
export interface CreatedNotification extends NotificationDraft {
  id: string;
}

/** The causing event, as every rule below needs it. */
export interface EventSource {
  eventId: string;
  at: Date;
}

/** Nobody is notified of their own actions (API.md). */
export function withoutOwnActions(drafts: readonly NotificationDraft[]): NotificationDraft[] {
  return drafts.filter((draft) => draft.recipientId !== draft.actorId);
}

/** social.follow.created.v1 → FOLLOWED to the followee, from the follower. */
export function followNotifications(follow: { followerId: string; followeeId: string }, source: EventSource): NotificationDraft[] {
  return withoutOwnActions([
    {
      recipientId: follow.followeeId,
      kind: 'FOLLOWED',
      actorId: follow.followerId,
      postId: null,
      commentId: null,
      sourceEventId: source.eventId,
      at: source.at,
    },
  ]);
}

export interface CommentAdded {
  commentId: string;
  postId: string;
  postAuthorId: string;
  parentId: string | null;
  parentAuthorId: string | null;
  authorId: string;
}

/**
 * comments.comment.added.v1 → a top-level comment: COMMENTED to the post's author; a reply:
 * REPLIED to the parent comment's author, and COMMENTED to the post's author when that is
 * someone else.
 */
export function commentNotifications(comment: CommentAdded, source: EventSource): NotificationDraft[] {
  const about = {
    actorId: comment.authorId,
    postId: comment.postId,
    commentId: comment.commentId,
    sourceEventId: source.eventId,
    at: source.at,
  };
  const drafts: NotificationDraft[] = [];
  const isReply = comment.parentId !== null && comment.parentAuthorId !== null;
  if (isReply) drafts.push({ ...about, recipientId: comment.parentAuthorId!, kind: 'REPLIED' });
  if (!isReply || comment.parentAuthorId !== comment.postAuthorId)
    drafts.push({ ...about, recipientId: comment.postAuthorId, kind: 'COMMENTED' });
  return withoutOwnActions(drafts);
}

export interface ReactionSet {
  subjectId: string;
  subjectType: 'POST' | 'COMMENT';
  subjectAuthorId: string;
  postId: string;
  userId: string;
  previousKind: string | null;
}

/**
 * reactions.reaction.set.v1 → REACTED to the subject's author, only for a first reaction
 * (`previousKind` null): changing the kind of a reaction notifies nobody again.
 */
export function reactionNotifications(reaction: ReactionSet, source: EventSource): NotificationDraft[] {
  if (reaction.previousKind !== null) return [];
  return withoutOwnActions([
    {
      recipientId: reaction.subjectAuthorId,
      kind: 'REACTED',
      actorId: reaction.userId,
      postId: reaction.postId,
      commentId: reaction.subjectType === 'COMMENT' ? reaction.subjectId : null,
      sourceEventId: source.eventId,
      at: source.at,
    },
  ]);
}

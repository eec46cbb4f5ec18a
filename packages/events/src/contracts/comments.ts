import { z } from 'zod';
import { uuid } from './id';
import { defineEvent, type EventContract } from '../envelope';
import { STREAMS } from '../streams';

export const commentAddedV1Schema = z.object({
  commentId: uuid(),
  postId: uuid(),
  /** The post's author (known to comments from posts' events), so consumers need no lookup. */
  postAuthorId: uuid(),
  /** The comment replied to, or null for a top-level comment (one level of replies). */
  parentId: uuid().nullable(),
  parentAuthorId: uuid().nullable(),
  authorId: uuid(),
  /** 1–2000 characters. */
  body: z.string(),
  createdAt: z.iso.datetime(),
});

export const commentDeletedV1Schema = z.object({
  commentId: uuid(),
  postId: uuid(),
  authorId: uuid(),
  parentId: uuid().nullable(),
  /** The comment and, for a top-level comment, all its replies: everything that is gone. */
  removedCommentIds: z.array(uuid()).min(1),
  /** Who deleted it: the comment's author or the post's author. */
  deletedBy: uuid(),
  deletedAt: z.iso.datetime(),
});

export const CommentAddedV1: EventContract<'comments.comment.added.v1', z.infer<typeof commentAddedV1Schema>> = defineEvent({
  type: 'comments.comment.added.v1',
  stream: STREAMS.COMMENTS.name,
  description:
    'authorId commented on postId (parentId set for a reply). aggregateId = commentId. The comment existed and was allowed when written: the post was visible to the author, took comments, and no block stood between them.',
  schema: commentAddedV1Schema,
});

export const CommentDeletedV1: EventContract<'comments.comment.deleted.v1', z.infer<typeof commentDeletedV1Schema>> = defineEvent({
  type: 'comments.comment.deleted.v1',
  stream: STREAMS.COMMENTS.name,
  description:
    "A comment (and its replies, listed in removedCommentIds) was deleted by its author or the post's author. Terminal per comment id. Comments removed because their post was deleted get no event: consumers drop them on posts.post.deleted.v1.",
  schema: commentDeletedV1Schema,
});

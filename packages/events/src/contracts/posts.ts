import { z } from 'zod';
import { uuid } from './id';
import { defineEvent, type EventContract } from '../envelope';
import { STREAMS } from '../streams';

export const visibilitySchema = z.enum(['PUBLIC', 'FOLLOWERS', 'CIRCLE']);

export const postPublishedV1Schema = z.object({
  postId: uuid(),
  authorId: uuid(),
  body: z.string(),
  visibility: visibilitySchema,
  circleIds: z.array(uuid()),
  /** Whether comments are turned off; absent in events written before the setting existed (= false). */
  commentsDisabled: z.boolean().optional(),
  /** Media items attached, in the author's order; absent in events written before attachments existed (= none). */
  attachmentIds: z.array(uuid()).optional(),
  publishedAt: z.iso.datetime(),
});
export const postEditedV1Schema = z.object({
  postId: uuid(),
  authorId: uuid(),
  body: z.string(),
  version: z.number().int().positive(),
  editedAt: z.iso.datetime(),
});
/**
 * Who may read a post and whether it takes comments, as of `version`: the whole access state,
 * so a consumer applies it with "last writer wins per post" and never needs an earlier event.
 */
export const postAccessV1Schema = z.object({
  postId: uuid(),
  authorId: uuid(),
  visibility: visibilitySchema,
  circleIds: z.array(uuid()),
  commentsDisabled: z.boolean(),
  version: z.number().int().positive(),
  changedAt: z.iso.datetime(),
});
export const postDeletedV1Schema = z.object({
  postId: uuid(),
  authorId: uuid(),
  deletedAt: z.iso.datetime(),
});

export const PostPublishedV1: EventContract<'posts.post.published.v1', z.infer<typeof postPublishedV1Schema>> = defineEvent({
  type: 'posts.post.published.v1',
  stream: STREAMS.POSTS.name,
  description: 'A post was published with its body and audience (visibility, circles for CIRCLE).',
  schema: postPublishedV1Schema,
});

export const PostEditedV1: EventContract<'posts.post.edited.v1', z.infer<typeof postEditedV1Schema>> = defineEvent({
  type: 'posts.post.edited.v1',
  stream: STREAMS.POSTS.name,
  description: "A post's body was replaced; version is the post's new revision number.",
  schema: postEditedV1Schema,
});

export const PostVisibilityChangedV1: EventContract<'posts.post.visibility-changed.v1', z.infer<typeof postAccessV1Schema>> = defineEvent({
  type: 'posts.post.visibility-changed.v1',
  stream: STREAMS.POSTS.name,
  description:
    "A post's audience changed. Carries the post's whole access state at `version` (visibility, circles, commentsDisabled): apply it only when newer than the last access state seen for the post.",
  schema: postAccessV1Schema,
});

export const PostCommentsToggledV1: EventContract<'posts.post.comments-toggled.v1', z.infer<typeof postAccessV1Schema>> = defineEvent({
  type: 'posts.post.comments-toggled.v1',
  stream: STREAMS.POSTS.name,
  description:
    "Comments on a post were turned off or on again. Carries the post's whole access state at `version`, like posts.post.visibility-changed.v1 (last writer wins per post).",
  schema: postAccessV1Schema,
});

export const PostDeletedV1: EventContract<'posts.post.deleted.v1', z.infer<typeof postDeletedV1Schema>> = defineEvent({
  type: 'posts.post.deleted.v1',
  stream: STREAMS.POSTS.name,
  description:
    'A post was deleted by its author; read models drop it. Terminal: post ids are never reused, so consumers ignore any later-arriving event of the post.',
  schema: postDeletedV1Schema,
});

import { z } from 'zod';
import { defineEvent, type EventContract } from '../envelope';
import { STREAMS } from '../streams';

export const visibilitySchema = z.enum(['PUBLIC', 'FOLLOWERS', 'CIRCLE']);

export const postPublishedV1Schema = z.object({
  postId: z.uuid(),
  authorId: z.uuid(),
  body: z.string(),
  visibility: visibilitySchema,
  circleIds: z.array(z.uuid()),
  publishedAt: z.iso.datetime(),
});
export const postEditedV1Schema = z.object({
  postId: z.uuid(),
  authorId: z.uuid(),
  body: z.string(),
  version: z.number().int().positive(),
  editedAt: z.iso.datetime(),
});
export const postDeletedV1Schema = z.object({
  postId: z.uuid(),
  authorId: z.uuid(),
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

export const PostDeletedV1: EventContract<'posts.post.deleted.v1', z.infer<typeof postDeletedV1Schema>> = defineEvent({
  type: 'posts.post.deleted.v1',
  stream: STREAMS.POSTS.name,
  description: 'A post was deleted by its author; read models drop it.',
  schema: postDeletedV1Schema,
});

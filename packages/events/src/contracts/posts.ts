import { z } from 'zod';
import type { EventContract } from '../envelope';

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

export declare const PostPublishedV1: EventContract<'posts.post.published.v1', z.infer<typeof postPublishedV1Schema>>;
export declare const PostEditedV1: EventContract<'posts.post.edited.v1', z.infer<typeof postEditedV1Schema>>;
export declare const PostDeletedV1: EventContract<'posts.post.deleted.v1', z.infer<typeof postDeletedV1Schema>>;

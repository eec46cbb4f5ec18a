import { uuidInput } from '@agora/context-runtime';
import { z } from 'zod';

/**
 * The GraphQL inputs, validated before anything is read. Field names match the GraphQL input
 * fields, so the first issue's path is the `extensions.field` the client sees.
 */
const id = uuidInput('Must be a valid id');

export const addCommentInputSchema = z.object({
  postId: id,
  body: z.string({ message: 'Must be a string' }),
  parentId: id.nullish().transform((value) => value ?? null),
});
export const deleteCommentInputSchema = z.object({ id });

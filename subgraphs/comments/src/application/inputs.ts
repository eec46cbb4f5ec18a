import { z } from 'zod';
import { CommentError } from '../domain/comment/comment.errors';

/**
 * The GraphQL inputs, validated before anything is read. Field names match the GraphQL input
 * fields, so the first issue's path is the `extensions.field` the client sees. Ids are
 * lower-cased: Postgres prints uuids in lower case and ids compare as text in the domain.
 */
const id = z.uuid({ message: 'Must be a valid id' }).transform((value) => value.toLowerCase());

export const addCommentInputSchema = z.object({
  postId: id,
  body: z.string({ message: 'Must be a string' }),
  parentId: id.nullish().transform((value) => value ?? null),
});
export const deleteCommentInputSchema = z.object({ id });

/** Validates an input; the first issue becomes BAD_USER_INPUT COMMENTS.INVALID_INPUT on its field. */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : undefined;
  throw CommentError.invalidInput(field, issue ? (field ? `${field}: ${issue.message}` : issue.message) : 'Invalid input');
}

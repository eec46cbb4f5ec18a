import { z } from 'zod';
import { uuid } from './id';
import { defineEvent, type EventContract } from '../envelope';
import { STREAMS } from '../streams';

export const reactionKindSchema = z.enum(['LIKE', 'LOVE', 'LAUGH', 'WOW', 'SAD', 'ANGRY']);
export const reactionSubjectTypeSchema = z.enum(['POST', 'COMMENT']);

const reactionBase = {
  /** A post id or a comment id. */
  subjectId: uuid(),
  subjectType: reactionSubjectTypeSchema,
  /** Who wrote the subject (for notifications). */
  subjectAuthorId: uuid(),
  /** The post the subject is, or belongs to. */
  postId: uuid(),
  /** Who reacted. */
  userId: uuid(),
  /** Version of this user's reaction to this subject after the change (last writer wins per pair). */
  version: z.number().int().positive(),
  at: z.iso.datetime(),
};

export const reactionSetV1Schema = z.object({
  ...reactionBase,
  kind: reactionKindSchema,
  /** The kind this replaced, or null when the user had no reaction to the subject. */
  previousKind: reactionKindSchema.nullable(),
});

export const reactionRemovedV1Schema = z.object({
  ...reactionBase,
  previousKind: reactionKindSchema,
});

export const ReactionSetV1: EventContract<'reactions.reaction.set.v1', z.infer<typeof reactionSetV1Schema>> = defineEvent({
  type: 'reactions.reaction.set.v1',
  stream: STREAMS.REACTIONS.name,
  description:
    'userId reacted to a post or comment with kind, replacing previousKind when set (one reaction per user per subject). aggregateId = subjectId.',
  schema: reactionSetV1Schema,
});

export const ReactionRemovedV1: EventContract<'reactions.reaction.removed.v1', z.infer<typeof reactionRemovedV1Schema>> = defineEvent({
  type: 'reactions.reaction.removed.v1',
  stream: STREAMS.REACTIONS.name,
  description: 'userId withdrew their reaction (previousKind) from a post or comment. aggregateId = subjectId.',
  schema: reactionRemovedV1Schema,
});

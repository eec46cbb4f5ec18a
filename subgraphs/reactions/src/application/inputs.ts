import { uuidInput } from '@agora/context-runtime';
import { z } from 'zod';
import { REACTION_KINDS } from '../domain/reaction/reaction-kind';

/**
 * The GraphQL inputs, validated before anything is read. Field names match the GraphQL input
 * fields, so the first issue's path is the `extensions.field` the client sees.
 */
const subjectId = uuidInput('Must be a valid post or comment id');

export const reactInputSchema = z.object({ subjectId, kind: z.enum(REACTION_KINDS) });
export const unreactInputSchema = z.object({ subjectId });

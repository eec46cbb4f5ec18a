import { uuidInput } from '@agora/context-runtime';
import { z } from 'zod';
import { circleNameSchema } from '../domain/circle';

/**
 * The GraphQL inputs, validated before anything is read. Field names match the GraphQL input
 * fields, so the first issue's path is the `extensions.field` the client sees.
 */
const id = uuidInput('Must be a valid id');

export const userRefInputSchema = z.object({ userId: id });
export const createCircleInputSchema = z.object({ name: circleNameSchema });
export const renameCircleInputSchema = z.object({ circleId: id, name: circleNameSchema });
export const circleMemberInputSchema = z.object({ circleId: id, userId: id });
export const deleteCircleInputSchema = z.object({ circleId: id });

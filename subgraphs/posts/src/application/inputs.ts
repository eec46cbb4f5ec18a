import { uuidInput } from '@agora/context-runtime';
import { z } from 'zod';

/**
 * The shapes of the GraphQL inputs, checked before anything is read. Field names match the
 * GraphQL input fields, so the first issue's path is the `extensions.field` the client sees. The
 * body and the audience are the domain's to validate (after the post is found and the actor may
 * change it), so a stranger learns nothing from a validation error.
 */
export const postIdInput = uuidInput('Not a post id.');
export const expectedVersionInput = z.number().int().min(1, { message: 'Versions start at 1.' }).nullish();
/** Only the shape: circles are validated by the domain, the same rule for createPost and changePostVisibility. */
export const circleIdsInput = z.array(z.string()).nullish();
/**
 * Only the shape: how many, repeats and whether each is the author's READY item are the domain's
 * rules (an id that is not a UUID is simply not available, like any unknown id).
 */
export const attachmentIdsInput = z.array(z.string()).nullish();

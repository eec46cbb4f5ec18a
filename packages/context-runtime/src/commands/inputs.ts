import { canonicalUuid } from '@agora/kernel';
import { z } from 'zod';

/**
 * An id in a command's input: a UUID (anything else cannot name anything), in canonical form.
 * The message is what the client reads in the BAD_USER_INPUT error.
 */
export function uuidInput(message = 'Must be a valid id') {
  return z.uuid({ message }).transform(canonicalUuid);
}

import { z } from 'zod';

/**
 * A UUID in an event payload, parsed into Agora's one spelling (lower case, as Postgres prints
 * it). Every consumer receives canonical ids, so no handler normalises case again. The JSON
 * Schema of the contract is unchanged: lower-casing is an overwrite, not a new type.
 */
export const uuid = () => z.uuid().toLowerCase();

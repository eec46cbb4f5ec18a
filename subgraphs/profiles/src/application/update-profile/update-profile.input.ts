import { z } from 'zod';
import { avatarUrlSchema, bioSchema, displayNameSchema } from '../../domain/profile';

/**
 * `UpdateProfileInput`: an omitted field stays as it is, an explicit null clears it (the display
 * name resets to the username instead). Field names match the GraphQL input, so the first issue's
 * path is the `extensions.field` the client sees.
 */
export const updateProfileInputSchema = z.object({
  displayName: displayNameSchema.nullable().optional(),
  bio: bioSchema.nullable().optional(),
  avatarUrl: avatarUrlSchema.nullable().optional(),
});

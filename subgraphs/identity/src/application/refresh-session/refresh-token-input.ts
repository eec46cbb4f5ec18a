import { z } from 'zod';

/** Tokens we issue are 43 chars; the cap only stops hashing arbitrary megabytes. */
export const refreshTokenInputSchema = z.object({
  refreshToken: z.string().min(1, 'Refresh token is required.').max(512, 'Refresh token is malformed.'),
});

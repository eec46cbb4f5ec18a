import { z } from 'zod';

/** Tokens we mail are 43 characters; the cap only stops hashing arbitrary megabytes. */
export const linkTokenSchema = z.string().trim().min(1, 'The token is required.').max(512, 'The token is malformed.');

import { defineCommand, uuidInput } from '@agora/context-runtime';
import { z } from 'zod';
import type { TransactionScope } from '../ports';

/** The PUT broke off: UPLOADING → PENDING (a retry may claim it until the window closes); anything else is left alone. */
export const releaseUpload = defineCommand({
  name: 'releaseUpload',
  input: z.object({ mediaId: uuidInput() }),
  viewer: 'optional',
  async handle({ input }, { media, files }: TransactionScope): Promise<void> {
    if (await media.release(input.mediaId)) files.removeObjects([`${input.mediaId}/raw`]);
  },
});

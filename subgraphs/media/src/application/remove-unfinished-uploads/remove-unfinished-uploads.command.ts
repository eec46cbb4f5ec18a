import { defineCommand } from '@agora/context-runtime';
import { z } from 'zod';
import { UNFINISHED_UPLOAD_TTL_MS } from '../../domain/media-item/media-item';
import type { TransactionScope } from '../ports';

/** Items per sweep transaction; the sweeper repeats until a batch comes back short. */
export const SWEEP_BATCH = 200;

/**
 * The sweeper's step: PENDING / UPLOADING items created more than 24 h ago are deleted (no event:
 * nobody outside media ever heard of them) and their files removed after the commit. Returns how
 * many were removed.
 */
export const removeUnfinishedUploads = defineCommand({
  name: 'removeUnfinishedUploads',
  input: z.object({}).optional(),
  viewer: 'optional',
  async handle({ now }, { media, files }: TransactionScope): Promise<number> {
    const removed = await media.deleteUnfinishedBefore(new Date(now.getTime() - UNFINISHED_UPLOAD_TTL_MS), SWEEP_BATCH);
    files.removeFilesOf(removed);
    return removed.length;
  },
});

import { periodicTask, type CommandPipeline } from '@agora/context-runtime';
import type { Logger } from '@agora/service-kit';
import type { TransactionScope } from '../application/ports';
import { removeUnfinishedUploads, SWEEP_BATCH } from '../application/remove-unfinished-uploads/remove-unfinished-uploads.command';

export interface UploadSweeper {
  start(): void;
  stop(): Promise<void>;
  /** One sweep now (all batches); how many items it removed. */
  sweep(): Promise<number>;
}

/**
 * The background task that removes unfinished uploads (PENDING / UPLOADING, older than 24 h by the
 * context's clock) and their files: a sweep at start and then every `intervalMs`, batch after
 * batch until one comes back short. A sweep that fails is logged and tried again next time; `stop`
 * waits for a running sweep.
 */
export function uploadSweeper(
  commands: CommandPipeline<TransactionScope>,
  logger: Pick<Logger, 'info' | 'warn'>,
  intervalMs: number,
): UploadSweeper {
  const task = periodicTask({
    didSomething: 'unfinished uploads swept',
    failed: 'upload sweep failed; retried at the next interval',
    intervalMs,
    logger,
    round: async (isStopped) => {
      let total = 0;
      for (;;) {
        const removed = await commands.execute(removeUnfinishedUploads, { input: {}, viewer: null, requestId: 'media-upload-sweeper' });
        total += removed;
        if (removed < SWEEP_BATCH || isStopped()) return total;
      }
    },
  });
  return { start: task.start, stop: task.stop, sweep: task.run };
}

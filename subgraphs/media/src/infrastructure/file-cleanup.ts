import type { CommandRunner, InboxRunner } from '@agora/context-runtime';
import type { Logger } from '@agora/service-kit';
import type { FileStorage } from '../application/files';
import type { FileCleanup, TransactionScope, UnitOfWork } from '../application/ports';
import { storageKeysOf } from '../domain/media-item/media-item';

/** Collects the storage keys a transaction wants removed. */
class PendingRemovals implements FileCleanup {
  readonly keys: string[] = [];
  removeFilesOf(mediaIds: readonly string[]): void {
    for (const id of mediaIds) this.keys.push(...storageKeysOf(id));
  }
  removeObjects(keys: readonly string[]): void {
    this.keys.push(...keys);
  }
}

/** The scope's `files` before the unit of work is wrapped: using it is a wiring bug. */
export const unwiredFileCleanup: FileCleanup = {
  removeFilesOf: () => {
    throw new Error('FileCleanup used outside removingFilesAfterCommit');
  },
  removeObjects: () => {
    throw new Error('FileCleanup used outside removingFilesAfterCommit');
  },
};

/**
 * Media's unit of work: the shared one, plus file removal after the commit. Each transaction gets
 * its own `files` collector; once it committed, the collected keys are deleted from storage
 * (idempotent: missing objects are no error). A rollback deletes nothing. A storage failure after
 * the commit is logged, not thrown: the rows are gone, the command succeeded, and the objects are
 * unreachable (no row names them); an operator can reclaim them from the log line.
 */
export function removingFilesAfterCommit(
  inner: CommandRunner<TransactionScope> & InboxRunner<TransactionScope>,
  storage: Pick<FileStorage, 'delete'>,
  logger: Pick<Logger, 'warn'>,
): UnitOfWork {
  const removeAfterCommit = async (pending: PendingRemovals) => {
    if (pending.keys.length === 0) return;
    const keys = [...new Set(pending.keys)];
    await storage.delete(keys).catch((err: unknown) => logger.warn({ err, keys }, 'media files not removed after commit'));
  };
  return {
    async run(work) {
      const pending = new PendingRemovals();
      const result = await inner.run((scope) => work({ ...scope, files: pending }));
      await removeAfterCommit(pending);
      return result;
    },
    async runOnce(consumer, eventId, work) {
      const pending = new PendingRemovals();
      const ran = await inner.runOnce(consumer, eventId, (scope) => work({ ...scope, files: pending }));
      await removeAfterCommit(pending);
      return ran;
    },
  };
}

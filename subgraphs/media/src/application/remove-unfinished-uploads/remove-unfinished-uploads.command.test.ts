import { describe, expect, it } from 'vitest';
import { T1, aMediaItem, setup } from '../testing/handlers.mother';
import { removeUnfinishedUploads } from './remove-unfinished-uploads.command';

const hours = (n: number) => n * 3_600_000;

describe('RemoveUnfinishedUploads', () => {
  it('deletes PENDING and UPLOADING items older than 24 h with their files, and nothing else', async () => {
    const deps = setup();
    const old = new Date(T1.getTime() - hours(24) - 1);
    const stalePending = aMediaItem({ status: 'PENDING', createdAt: old });
    const staleUploading = aMediaItem({ status: 'UPLOADING', createdAt: old });
    const freshPending = aMediaItem({ status: 'PENDING', createdAt: new Date(T1.getTime() - hours(23)) });
    const oldReady = aMediaItem({ status: 'READY', createdAt: old });
    const oldFailed = aMediaItem({ status: 'FAILED', createdAt: old });
    for (const item of [stalePending, staleUploading, freshPending, oldReady, oldFailed]) deps.unitOfWork.store(item);

    const removed = await deps.commands.execute(removeUnfinishedUploads, { input: {}, viewer: null, requestId: 'sweep' });

    expect(removed).toBe(2);
    expect([...deps.unitOfWork.tables.media.keys()]).toEqual([freshPending.id, oldReady.id, oldFailed.id]);
    expect(deps.unitOfWork.removedFiles).toEqual(
      [stalePending, staleUploading].flatMap(({ id }) => [`${id}/raw`, `${id}/original`, `${id}/thumbnail`]),
    );
    expect(deps.unitOfWork.outbox).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import type { ProcessedUpload } from './files';
import { ALICE, T1, UNKNOWN, aMediaItem, setup } from './testing/handlers.mother';
import { pipelineUploadService } from './upload-service';

const processed = (mediaId: string): ProcessedUpload => ({
  ok: true,
  contentType: 'image/webp',
  byteSize: 321,
  width: 640,
  height: 480,
  original: { key: `${mediaId}/original`, byteSize: 321, contentType: 'image/webp' },
  thumbnail: { key: `${mediaId}/thumbnail`, byteSize: 40, contentType: 'image/webp' },
});

function arrange() {
  const deps = setup();
  const pending = aMediaItem({
    status: 'PENDING',
    declaredContentType: 'image/webp',
    contentType: null,
    byteSize: null,
    width: null,
    height: null,
    hasThumbnail: false,
    readyAt: null,
  });
  deps.unitOfWork.store(pending);
  return { ...deps, pending, uploads: pipelineUploadService(deps.commands) };
}

describe('UploadService', () => {
  it('claims a PENDING item once: a second claim is ALREADY_UPLOADED', async () => {
    const { unitOfWork, pending, uploads } = arrange();

    expect(await uploads.claim(pending.id)).toEqual({
      mediaId: pending.id,
      ownerId: ALICE,
      kind: 'IMAGE',
      declaredContentType: 'image/webp',
      declaredByteSize: 1000,
    });
    expect(unitOfWork.tables.media.get(pending.id)?.status).toBe('UPLOADING');
    expect(await uploads.claim(pending.id)).toEqual({ refused: 'ALREADY_UPLOADED' });
  });

  it('refuses an unknown item and one whose upload window closed', async () => {
    const { clock, pending, uploads } = arrange();
    expect(await uploads.claim(UNKNOWN)).toEqual({ refused: 'NOT_FOUND' });
    clock.set(pending.uploadExpiresAt);
    expect(await uploads.claim(pending.id)).toEqual({ refused: 'EXPIRED' });
  });

  it('releases a broken-off PUT back to PENDING (removing the partial raw file), so it can be claimed again', async () => {
    const { unitOfWork, pending, uploads } = arrange();
    await uploads.claim(pending.id);

    await uploads.release(pending.id);

    expect(unitOfWork.tables.media.get(pending.id)?.status).toBe('PENDING');
    expect(unitOfWork.removedFiles).toEqual([`${pending.id}/raw`]);
    expect(await uploads.claim(pending.id)).toMatchObject({ mediaId: pending.id });
  });

  it('completes to READY with the sniffed type and dimensions and writes MediaItemReady with the owner as actor', async () => {
    const { unitOfWork, pending, uploads } = arrange();
    await uploads.claim(pending.id);

    await uploads.complete(pending.id, processed(pending.id));

    expect(unitOfWork.tables.media.get(pending.id)).toMatchObject({
      status: 'READY',
      contentType: 'image/webp',
      byteSize: 321,
      width: 640,
      height: 480,
      hasThumbnail: true,
      readyAt: T1,
    });
    expect(unitOfWork.outbox).toEqual([
      {
        event: {
          type: 'MediaItemReady',
          mediaId: pending.id,
          ownerId: ALICE,
          kind: 'IMAGE',
          contentType: 'image/webp',
          byteSize: 321,
          width: 640,
          height: 480,
          at: T1,
        },
        metadata: { correlationId: `upload-${pending.id}`, causationId: null, actorId: ALICE },
      },
    ]);
    expect(unitOfWork.removedFiles).toEqual([]);
  });

  it('completes to FAILED with the reason and writes MediaItemFailed', async () => {
    const { unitOfWork, pending, uploads } = arrange();
    await uploads.claim(pending.id);

    await uploads.complete(pending.id, { ok: false, reason: 'MEDIA.TYPE_MISMATCH', message: 'a PNG, not a WebP' });

    expect(unitOfWork.tables.media.get(pending.id)).toMatchObject({ status: 'FAILED', failureReason: 'MEDIA.TYPE_MISMATCH' });
    expect(unitOfWork.events()).toEqual([
      { type: 'MediaItemFailed', mediaId: pending.id, ownerId: ALICE, reason: 'MEDIA.TYPE_MISMATCH', at: T1 },
    ]);
  });

  it('records nothing for an item deleted while it was processed, and removes the files just written', async () => {
    const { unitOfWork, pending, uploads } = arrange();
    await uploads.claim(pending.id);
    unitOfWork.tables.media.delete(pending.id);

    await uploads.complete(pending.id, processed(pending.id));

    expect(unitOfWork.outbox).toEqual([]);
    expect(unitOfWork.removedFiles).toEqual([`${pending.id}/raw`, `${pending.id}/original`, `${pending.id}/thumbnail`]);
  });

  it('does not complete an item that was never claimed', async () => {
    const { unitOfWork, pending, uploads } = arrange();
    await uploads.complete(pending.id, processed(pending.id));
    expect(unitOfWork.tables.media.get(pending.id)?.status).toBe('PENDING');
    expect(unitOfWork.outbox).toEqual([]);
  });
});

/** In-memory UploadService / UploadProcessor / ProfileImageLookup for the route tests. */
import { randomUUID } from 'node:crypto';
import type { Clock } from '@agora/kernel';
import type { MediaKindName, ProcessedUpload, UploadFailureReason, UploadProcessor } from '../../src/application/files';
import type { ClaimRefusal, ProfileImageLookup, UploadClaim, UploadService } from '../../src/application/uploads';
import type { TempDirStorage } from './temp-dir-storage';

type Status = 'PENDING' | 'UPLOADING' | 'READY' | 'FAILED';

interface Item {
  claim: UploadClaim;
  status: Status;
  expiresAt: Date;
  reason?: string;
}

/** The item state machine of the design: PENDING → UPLOADING → READY | FAILED; release → PENDING. */
export class FakeUploads implements UploadService {
  readonly items = new Map<string, Item>();
  readonly calls: { claim: string[]; release: string[]; complete: { mediaId: string; result: ProcessedUpload }[] } = {
    claim: [],
    release: [],
    complete: [],
  };

  constructor(private readonly clock: Clock) {}

  add(input: { kind?: MediaKindName; contentType?: string; byteSize: number; expiresAt?: Date }): string {
    const mediaId = randomUUID();
    this.items.set(mediaId, {
      claim: {
        mediaId,
        ownerId: randomUUID(),
        kind: input.kind ?? 'IMAGE',
        declaredContentType: input.contentType ?? 'image/png',
        declaredByteSize: input.byteSize,
      },
      status: 'PENDING',
      expiresAt: input.expiresAt ?? new Date(this.clock.now().getTime() + 15 * 60_000),
    });
    return mediaId;
  }

  status(mediaId: string): { status: Status; reason?: string } | undefined {
    const item = this.items.get(mediaId);
    return item && { status: item.status, ...(item.reason ? { reason: item.reason } : {}) };
  }

  async claim(mediaId: string): Promise<UploadClaim | { refused: ClaimRefusal }> {
    this.calls.claim.push(mediaId);
    await Promise.resolve();
    const item = this.items.get(mediaId);
    if (!item) return { refused: 'NOT_FOUND' };
    if (item.status !== 'PENDING') return { refused: 'ALREADY_UPLOADED' };
    if (item.expiresAt <= this.clock.now()) return { refused: 'EXPIRED' };
    item.status = 'UPLOADING';
    return item.claim;
  }

  async release(mediaId: string): Promise<void> {
    this.calls.release.push(mediaId);
    const item = this.items.get(mediaId);
    if (item?.status === 'UPLOADING') item.status = 'PENDING';
  }

  async complete(mediaId: string, result: ProcessedUpload): Promise<void> {
    this.calls.complete.push({ mediaId, result });
    const item = this.items.get(mediaId);
    if (item?.status !== 'UPLOADING') throw new Error(`complete(${mediaId}) while ${item?.status}`);
    item.status = result.ok ? 'READY' : 'FAILED';
    if (!result.ok) item.reason = result.reason;
  }
}

type Outcome = { ok: true } | { ok: false; reason: UploadFailureReason } | { throws: Error };

/**
 * Stands in for file-type + sharp: moves `<id>/raw` to `<id>/original` (or drops it and fails
 * with the configured reason), honouring the port's "raw is deleted in every outcome".
 */
export class FakeProcessor implements UploadProcessor {
  readonly calls: Parameters<UploadProcessor['process']>[0][] = [];
  outcome: Outcome = { ok: true };

  constructor(private readonly storage: TempDirStorage) {}

  async process(input: Parameters<UploadProcessor['process']>[0]): Promise<ProcessedUpload> {
    this.calls.push(input);
    const outcome = this.outcome;
    try {
      if ('throws' in outcome) throw outcome.throws;
      if (!outcome.ok) return { ok: false, reason: outcome.reason, message: `refused: ${outcome.reason}` };
      const raw = await this.storage.get(input.rawKey);
      if (!raw) throw new Error('raw upload missing');
      const original = await this.storage.put(`${input.mediaId}/original`, raw.body, {
        contentType: input.declaredContentType,
        maxBytes: input.declaredByteSize,
      });
      return {
        ok: true,
        contentType: input.declaredContentType,
        byteSize: original.byteSize,
        width: null,
        height: null,
        original,
        thumbnail: null,
      };
    } finally {
      await this.storage.delete([input.rawKey]);
    }
  }
}

export class FakeProfileImages implements ProfileImageLookup {
  readonly slots = new Map<string, string>();

  async profileImage(userId: string, slot: 'AVATAR' | 'BANNER'): Promise<{ mediaId: string } | undefined> {
    const mediaId = this.slots.get(`${userId}/${slot}`);
    return mediaId === undefined ? undefined : { mediaId };
  }
}

import { uuidList } from '@agora/prisma-kit';
import type { MediaRepository, ReadyFields } from '../application/ports';
import type { MediaItemState } from '../domain/media-item/media-item';
import { Prisma } from './prisma/__generated__/client';
import { MEDIA_COLUMNS, type MediaRow } from './sql';

const toRow = (item: MediaItemState) => ({ ...item });

/** Media items over one transaction. State changes of an upload are single conditional UPDATEs. */
export class PrismaMediaRepository implements MediaRepository {
  constructor(private readonly tx: Prisma.TransactionClient) {}

  async insert(item: MediaItemState): Promise<void> {
    await this.tx.mediaItem.create({ data: toRow(item) });
  }

  async findForUpdate(mediaId: string): Promise<MediaItemState | null> {
    const rows = await this.tx.$queryRaw<MediaRow[]>`SELECT ${MEDIA_COLUMNS} FROM media_item m WHERE m.id = ${mediaId}::uuid FOR UPDATE`;
    return rows[0] ?? null;
  }

  async setCaption(mediaId: string, caption: string | null): Promise<void> {
    await this.tx.mediaItem.update({ where: { id: mediaId }, data: { caption } });
  }

  async delete(mediaId: string): Promise<void> {
    await this.tx.mediaItem.deleteMany({ where: { id: mediaId } });
  }

  async claim(mediaId: string, now: Date): Promise<MediaItemState | null> {
    const rows = await this.tx.$queryRaw<MediaRow[]>`
      UPDATE media_item m SET status = 'UPLOADING'
      WHERE m.id = ${mediaId}::uuid AND m.status = 'PENDING' AND m.upload_expires_at > ${now}::timestamptz
      RETURNING ${MEDIA_COLUMNS}`;
    return rows[0] ?? null;
  }

  async release(mediaId: string): Promise<boolean> {
    const { count } = await this.tx.mediaItem.updateMany({ where: { id: mediaId, status: 'UPLOADING' }, data: { status: 'PENDING' } });
    return count > 0;
  }

  async markReady(mediaId: string, fields: ReadyFields, at: Date): Promise<MediaItemState | null> {
    const { count } = await this.tx.mediaItem.updateMany({
      where: { id: mediaId, status: 'UPLOADING' },
      data: { ...fields, status: 'READY', readyAt: at },
    });
    return count > 0 ? this.findForUpdate(mediaId) : null;
  }

  async markFailed(mediaId: string, reason: string): Promise<MediaItemState | null> {
    const { count } = await this.tx.mediaItem.updateMany({
      where: { id: mediaId, status: 'UPLOADING' },
      data: { status: 'FAILED', failureReason: reason },
    });
    return count > 0 ? this.findForUpdate(mediaId) : null;
  }

  async readyOwnedBy(ownerId: string, mediaIds: readonly string[]): Promise<Set<string>> {
    if (mediaIds.length === 0) return new Set();
    const rows = await this.tx.$queryRaw<{ id: string }[]>`
      SELECT m.id::text AS id FROM media_item m
      WHERE m.id IN (${uuidList(mediaIds)}) AND m.owner_id = ${ownerId}::uuid AND m.status = 'READY'`;
    return new Set(rows.map((row) => row.id));
  }

  async unused(mediaIds: readonly string[]): Promise<string[]> {
    if (mediaIds.length === 0) return [];
    const rows = await this.tx.$queryRaw<{ id: string }[]>`
      SELECT m.id::text AS id FROM media_item m
      WHERE m.id IN (${uuidList(mediaIds)})
        AND NOT EXISTS (SELECT 1 FROM album_item ai WHERE ai.media_id = m.id)
        AND NOT EXISTS (SELECT 1 FROM post_attachment pt WHERE pt.media_id = m.id)
        AND NOT EXISTS (SELECT 1 FROM profile_image pi WHERE pi.media_id = m.id)
      ORDER BY m.id`;
    return rows.map((row) => row.id);
  }

  async deleteUnfinishedBefore(before: Date, limit: number): Promise<string[]> {
    // SKIP LOCKED: an item a PUT holds right now is left for the next sweep rather than waited for.
    const rows = await this.tx.$queryRaw<{ id: string }[]>`
      DELETE FROM media_item WHERE id IN (
        SELECT m.id FROM media_item m
        WHERE m.status IN ('PENDING', 'UPLOADING') AND m.created_at < ${before}::timestamptz
        ORDER BY m.created_at LIMIT ${limit}::int
        FOR UPDATE SKIP LOCKED)
      RETURNING id::text AS id`;
    return rows.map((row) => row.id);
  }
}

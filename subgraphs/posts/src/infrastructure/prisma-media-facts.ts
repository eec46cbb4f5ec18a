import { uuidList } from '@agora/prisma-kit';
import type { DeletedMediaFact, MediaFacts, ReadyMediaFact } from '../application/ports';
import { Prisma } from './prisma/__generated__/client';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The replica of media's facts in `media_item_fact`, over the command's or consumer's
 * transaction. Both writes are single upserts, so redeliveries and either arrival order end in
 * the same row: the deletion's tombstone is never undone by a `ready`.
 */
export class PrismaMediaFacts implements MediaFacts {
  constructor(private readonly prisma: Prisma.TransactionClient) {}

  async attachableBy(ownerId: string, mediaIds: readonly string[]): Promise<Set<string>> {
    // An id that is not a UUID names no item (and must not reach the ::uuid cast).
    const ids = mediaIds.filter((id) => UUID.test(id)).map((id) => id.toLowerCase());
    if (ids.length === 0) return new Set();
    const rows = await this.prisma.$queryRaw<{ media_id: string }[]>`
      SELECT f.media_id::text AS media_id FROM media_item_fact f
      WHERE f.media_id IN (${uuidList(ids)}) AND f.owner_id = ${ownerId}::uuid
        AND f.ready_at IS NOT NULL AND f.deleted_at IS NULL`;
    return new Set(rows.map((row) => row.media_id));
  }

  async recordReady({ mediaId, ownerId, kind, readyAt }: ReadyMediaFact): Promise<void> {
    await this.prisma.$executeRaw`
      INSERT INTO media_item_fact (media_id, owner_id, kind, ready_at)
      VALUES (${mediaId}::uuid, ${ownerId}::uuid, ${kind}, ${readyAt}::timestamptz)
      ON CONFLICT (media_id) DO UPDATE SET kind = EXCLUDED.kind, ready_at = EXCLUDED.ready_at
      WHERE media_item_fact.deleted_at IS NULL`;
  }

  async recordDeleted({ mediaId, ownerId, deletedAt }: DeletedMediaFact): Promise<void> {
    await this.prisma.$executeRaw`
      INSERT INTO media_item_fact (media_id, owner_id, deleted_at)
      VALUES (${mediaId}::uuid, ${ownerId}::uuid, ${deletedAt}::timestamptz)
      ON CONFLICT (media_id) DO UPDATE SET deleted_at = COALESCE(media_item_fact.deleted_at, EXCLUDED.deleted_at)`;
  }
}

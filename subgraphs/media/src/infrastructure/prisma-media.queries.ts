import { postVisibleTo } from '@agora/audience';
import { uuidList, uuidValues } from '@agora/prisma-kit';
import type { KeysetCursor } from '@agora/service-kit';
import type { ProfileSlot } from '../domain/media-item/media-item';
import type { AlbumView, MediaItemView } from '../application/views';
import { Prisma, type PrismaClient } from './prisma/__generated__/client';
import { ALBUM_COLUMNS, albumVisibleTo, MEDIA_COLUMNS, mediaVisibleTo, notRemoved, type MediaRow } from './sql';

/** An album item with its position (the cursor of Album.items). */
export type PositionedItem = MediaItemView & { position: number };

function groupBy<T extends { groupKey: string }>(rows: T[]): Map<string, Omit<T, 'groupKey'>[]> {
  const groups = new Map<string, Omit<T, 'groupKey'>[]>();
  for (const { groupKey, ...rest } of rows) {
    const list = groups.get(groupKey) ?? [];
    list.push(rest);
    groups.set(groupKey, list);
  }
  return groups;
}

/**
 * Read side for the graph. Every method is ONE SQL statement for any number of ids, so the
 * per-request DataLoaders turn N lookups into one round trip. Ids are canonical UUIDs (the
 * loaders filter them); lists are non-empty. Every method applies the visibility rule for the
 * viewer (sql.ts): what the viewer may not see is simply absent.
 */
export class PrismaMediaQueries {
  constructor(private readonly prisma: PrismaClient) {}

  /** The items among `ids` the viewer may see (`moderator`: a moderator or admin, see `mediaVisibleTo`). */
  async itemsByIds(viewerId: string | null, ids: readonly string[], moderator = false): Promise<Map<string, MediaItemView>> {
    const rows = await this.prisma.$queryRaw<MediaRow[]>`
      SELECT ${MEDIA_COLUMNS} FROM media_item m WHERE m.id IN (${uuidList(ids)}) AND ${mediaVisibleTo(viewerId, moderator)}`;
    return new Map(rows.map((row) => [row.id, row]));
  }

  /**
   * Each post's READY attachments in the author's order, for a viewer who may see the post (the
   * replica's post_access, blocks both ways) unless a moderator removed it — or who owns the items
   * (the post's author), or a moderator (any post not deleted, removed or not, whatever its audience).
   */
  async attachments(viewerId: string | null, postIds: readonly string[], moderator = false): Promise<Map<string, MediaItemView[]>> {
    const reader = viewerId ? { userId: viewerId } : null;
    const readable = moderator
      ? Prisma.sql`NOT pa.deleted`
      : Prisma.sql`(${postVisibleTo(reader, 'pa')} AND ${notRemoved(Prisma.sql`pt.post_id`)})`;
    const visible = viewerId ? Prisma.sql`(m.owner_id = ${viewerId}::uuid OR ${readable})` : readable;
    const rows = await this.prisma.$queryRaw<(MediaRow & { groupKey: string })[]>`
      SELECT pt.post_id::text AS "groupKey", ${MEDIA_COLUMNS}
      FROM post_attachment pt
      JOIN media_item m ON m.id = pt.media_id
      LEFT JOIN post_access pa ON pa.post_id = pt.post_id
      WHERE pt.post_id IN (${uuidList(postIds)}) AND m.status = 'READY' AND COALESCE(${visible}, false)
      ORDER BY pt.post_id, pt.position`;
    return groupBy(rows);
  }

  /** Each user's READY avatar and banner (public). */
  async profileImages(userIds: readonly string[]): Promise<Map<string, Partial<Record<ProfileSlot, MediaItemView>>>> {
    const rows = await this.prisma.$queryRaw<(MediaRow & { userId: string; slot: ProfileSlot })[]>`
      SELECT pi.user_id::text AS "userId", pi.slot, ${MEDIA_COLUMNS}
      FROM profile_image pi JOIN media_item m ON m.id = pi.media_id
      WHERE pi.user_id IN (${uuidList(userIds)}) AND m.status = 'READY'`;
    const byUser = new Map<string, Partial<Record<ProfileSlot, MediaItemView>>>();
    for (const { userId, slot, ...item } of rows) byUser.set(userId, { ...byUser.get(userId), [slot]: item });
    return byUser;
  }

  /** The albums among `ids` the viewer may see. */
  async albumsByIds(viewerId: string | null, ids: readonly string[]): Promise<Map<string, AlbumView>> {
    const rows = await this.prisma.$queryRaw<AlbumView[]>`
      SELECT ${ALBUM_COLUMNS} FROM album al WHERE al.id IN (${uuidList(ids)}) AND ${albumVisibleTo(viewerId)}`;
    return new Map(rows.map((row) => [row.id, row]));
  }

  /** Up to `limit` albums of each owner the viewer may see after the cursor, newest first (LATERAL per owner). */
  async albumsOf(
    viewerId: string | null,
    ownerIds: readonly string[],
    limit: number,
    after: KeysetCursor | null,
  ): Promise<Map<string, AlbumView[]>> {
    const afterClause = after ? Prisma.sql`AND (al.created_at, al.id) < (${after.at}::timestamptz, ${after.id}::uuid)` : Prisma.empty;
    const rows = await this.prisma.$queryRaw<(AlbumView & { groupKey: string })[]>`
      SELECT k.owner_id::text AS "groupKey", page.*
      FROM ${uuidValues(ownerIds)} AS k(owner_id)
      CROSS JOIN LATERAL (
        SELECT ${ALBUM_COLUMNS}
        FROM album al
        WHERE al.owner_id = k.owner_id AND ${albumVisibleTo(viewerId)} ${afterClause}
        ORDER BY al.created_at DESC, al.id DESC
        LIMIT ${limit}::int
      ) page
      ORDER BY k.owner_id, page."createdAt" DESC, page.id DESC`;
    return groupBy(rows);
  }

  /**
   * Up to `limit` items of each album after `afterPosition`, in album order, for albums the viewer
   * may see (an album shows its items to whoever may see it; they are READY by construction).
   */
  async albumItems(
    viewerId: string | null,
    albumIds: readonly string[],
    limit: number,
    afterPosition: number | null,
  ): Promise<Map<string, PositionedItem[]>> {
    const afterClause = afterPosition === null ? Prisma.empty : Prisma.sql`AND ai.position > ${afterPosition}::int`;
    const rows = await this.prisma.$queryRaw<(PositionedItem & { groupKey: string })[]>`
      SELECT k.album_id::text AS "groupKey", page.*
      FROM ${uuidValues(albumIds)} AS k(album_id)
      JOIN album al ON al.id = k.album_id AND ${albumVisibleTo(viewerId)}
      CROSS JOIN LATERAL (
        SELECT ${MEDIA_COLUMNS}, ai.position
        FROM album_item ai JOIN media_item m ON m.id = ai.media_id
        WHERE ai.album_id = k.album_id AND m.status = 'READY' ${afterClause}
        ORDER BY ai.position
        LIMIT ${limit}::int
      ) page
      ORDER BY k.album_id, page.position`;
    return groupBy(rows);
  }

  /** Each visible album's cover: the explicit one, else its first item. */
  async covers(viewerId: string | null, albumIds: readonly string[]): Promise<Map<string, MediaItemView>> {
    const rows = await this.prisma.$queryRaw<(MediaRow & { albumId: string })[]>`
      SELECT k.album_id::text AS "albumId", ${MEDIA_COLUMNS}
      FROM ${uuidValues(albumIds)} AS k(album_id)
      JOIN album al ON al.id = k.album_id AND ${albumVisibleTo(viewerId)}
      JOIN LATERAL (
        SELECT ai.media_id FROM album_item ai
        WHERE ai.album_id = k.album_id
        ORDER BY (ai.media_id = al.cover_id) DESC, ai.position
        LIMIT 1
      ) c ON true
      JOIN media_item m ON m.id = c.media_id AND m.status = 'READY'`;
    return new Map(rows.map(({ albumId, ...item }) => [albumId, item]));
  }
}

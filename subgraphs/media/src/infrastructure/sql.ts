import { blockedEitherWay, postVisibleTo } from '@agora/audience';
import type { MediaItemState } from '../domain/media-item/media-item';
import { Prisma } from './prisma/__generated__/client';

/** The columns of a `media_item` row aliased `m`, as MediaItemState (for `$queryRaw`). */
export const MEDIA_COLUMNS = Prisma.sql`m.id::text AS id, m.owner_id::text AS "ownerId", m.kind, m.status,
  m.declared_content_type AS "declaredContentType", m.declared_byte_size AS "declaredByteSize",
  m.content_type AS "contentType", m.byte_size AS "byteSize", m.width, m.height, m.has_thumbnail AS "hasThumbnail",
  m.caption, m.failure_reason AS "failureReason", m.filename, m.upload_expires_at AS "uploadExpiresAt",
  m.created_at AS "createdAt", m.ready_at AS "readyAt"`;

export type MediaRow = MediaItemState;

/** The columns of an `album` row aliased `al`, as AlbumState. */
export const ALBUM_COLUMNS = Prisma.sql`al.id::text AS id, al.owner_id::text AS "ownerId", al.title, al.visibility,
  al.cover_id::text AS "coverId", al.created_at AS "createdAt"`;

const viewerUuid = (viewerId: string) => Prisma.sql`${viewerId}::uuid`;

/**
 * Whether the reader may see an album (aliased `al`): its owner always; anyone else unless in a
 * block with the owner, PUBLIC for all (anonymous included), FOLLOWERS for the owner's followers
 * (the audience replica's `social_follow`).
 */
export function albumVisibleTo(viewerId: string | null, alias = 'al'): Prisma.Sql {
  const a = (column: string) => Prisma.raw(`${alias}.${column}`);
  if (!viewerId) return Prisma.sql`${a('visibility')} = 'PUBLIC'`;
  const v = viewerUuid(viewerId);
  return Prisma.sql`(${a('owner_id')} = ${v} OR (
    NOT ${blockedEitherWay(v, a('owner_id'))}
    AND (${a('visibility')} = 'PUBLIC' OR (${a('visibility')} = 'FOLLOWERS' AND EXISTS (
      SELECT 1 FROM social_follow f WHERE f.active AND f.follower_id = ${v} AND f.followee_id = ${a('owner_id')})))
  ))`;
}

/** The post (a uuid SQL expression) was not removed by a moderator (`moderated_post`, by primary key). */
export function notRemoved(postId: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`NOT EXISTS (SELECT 1 FROM moderated_post mp WHERE mp.post_id = ${postId} AND mp.removed)`;
}

/**
 * Whether the reader may see a media item (aliased `m`): the owner sees their own in any state;
 * anyone else only a READY item that is an avatar or banner (public), or attached to a post the
 * reader may see (the audience replica's `post_access`, blocks both ways included) that no
 * moderator removed, or in an album the reader may see. A moderator (`moderator`) also sees a
 * READY item attached to any post not deleted, removed or not, whatever its audience.
 */
export function mediaVisibleTo(viewerId: string | null, moderator = false): Prisma.Sql {
  const reader = viewerId ? { userId: viewerId } : null;
  const onPost = moderator
    ? Prisma.sql`NOT pa.deleted`
    : Prisma.sql`${postVisibleTo(reader, 'pa')} AND ${notRemoved(Prisma.sql`pt.post_id`)}`;
  const shared = Prisma.sql`(m.status = 'READY' AND (
    EXISTS (SELECT 1 FROM profile_image pi WHERE pi.media_id = m.id)
    OR EXISTS (SELECT 1 FROM post_attachment pt JOIN post_access pa ON pa.post_id = pt.post_id
               WHERE pt.media_id = m.id AND ${onPost})
    OR EXISTS (SELECT 1 FROM album_item ai JOIN album al ON al.id = ai.album_id
               WHERE ai.media_id = m.id AND ${albumVisibleTo(viewerId, 'al')})
  ))`;
  return viewerId ? Prisma.sql`(m.owner_id = ${viewerUuid(viewerId)} OR ${shared})` : shared;
}

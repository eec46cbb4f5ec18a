import type { PostSnapshot } from '../domain/post/post.aggregate';
import type { Visibility } from '../domain/post/visibility';
import type { Post as PostRow } from './prisma/__generated__/client';

/** Prisma row → domain snapshot (kept explicit so a column rename never reshapes the domain). */
export function toSnapshot(row: PostRow): PostSnapshot {
  return {
    id: row.id,
    authorId: row.authorId,
    body: row.body,
    visibility: row.visibility,
    circleIds: row.circleIds,
    version: row.version,
    createdAt: row.createdAt,
    editedAt: row.editedAt,
    deletedAt: row.deletedAt,
  };
}

/** A row of `post` as returned by `$queryRaw` (snake_case columns, enum cast to text). */
export interface RawPostRow {
  id: string;
  author_id: string;
  body: string;
  visibility: string;
  circle_ids: string[] | null;
  version: number;
  created_at: Date;
  edited_at: Date | null;
  deleted_at: Date | null;
}

export function rawToSnapshot(row: RawPostRow): PostSnapshot {
  return {
    id: row.id,
    authorId: row.author_id,
    body: row.body,
    visibility: row.visibility as Visibility,
    circleIds: row.circle_ids ?? [],
    version: Number(row.version),
    createdAt: new Date(row.created_at),
    editedAt: row.edited_at === null ? null : new Date(row.edited_at),
    deletedAt: row.deleted_at === null ? null : new Date(row.deleted_at),
  };
}

import type { PostSnapshot } from '../domain/post/post.aggregate';
import type { Visibility } from '../domain/post/visibility';

/** A row of `post` as returned by `$queryRaw` (snake_case columns, enum cast to text). */
export interface RawPostRow {
  id: string;
  author_id: string;
  body: string;
  visibility: string;
  circle_ids: string[] | null;
  comments_disabled: boolean;
  attachment_ids: string[] | null;
  version: number;
  created_at: Date;
  edited_at: Date | null;
  deleted_at: Date | null;
  removed_at: Date | null;
  moderated_at: Date | null;
}

export function rawToSnapshot(row: RawPostRow): PostSnapshot {
  return {
    id: row.id,
    authorId: row.author_id,
    body: row.body,
    visibility: row.visibility as Visibility,
    circleIds: row.circle_ids ?? [],
    commentsDisabled: row.comments_disabled,
    attachmentIds: row.attachment_ids ?? [],
    version: Number(row.version),
    createdAt: new Date(row.created_at),
    editedAt: row.edited_at === null ? null : new Date(row.edited_at),
    deletedAt: row.deleted_at === null ? null : new Date(row.deleted_at),
    removedAt: row.removed_at === null ? null : new Date(row.removed_at),
    moderatedAt: row.moderated_at === null ? null : new Date(row.moderated_at),
  };
}

import { blockedEitherWay, postVisibleTo, sql, type Reader, type Sql } from '@agora/audience';
import type { SubjectType } from '../domain/reaction/subject';

/** One id as a SQL uuid (batches: prisma-kit's `uuidList` / `uuidValues`). */
export const uuid = (id: string): Sql => sql`${id}::uuid`;

/**
 * The subject facts a reaction row `r` hangs on, for a subject type: the post itself (`pa`), or
 * the comment (`c`) and its post (`pa`). Used by every read, so totals and the viewer's reaction
 * agree on what exists.
 */
export function subjectJoin(type: SubjectType): Sql {
  return type === 'POST'
    ? sql`JOIN post_access pa ON pa.post_id = r.subject_id`
    : sql`JOIN comment_fact c ON c.comment_id = r.subject_id JOIN post_access pa ON pa.post_id = c.post_id`;
}

/**
 * The subject (joined by `subjectJoin`) is one the reader may see: a post visible to them (the
 * audience kernel's rule: published, not deleted, audience allows, no block with the author), or
 * a comment that is not deleted, on such a post, and whose author is in no block with the reader.
 */
export function subjectVisibleTo(type: SubjectType, reader: Reader): Sql {
  const post = postVisibleTo(reader, 'pa');
  if (type === 'POST') return sql`r.subject_type = 'POST' AND ${post}`;
  const noBlock = reader === null ? sql`TRUE` : sql`NOT ${blockedEitherWay(uuid(reader.userId), sql`c.author_id`)}`;
  return sql`r.subject_type = 'COMMENT' AND NOT c.deleted AND ${post} AND ${noBlock}`;
}

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
 * Neither the subject (`subject`, a uuid SQL expression) nor its post (`post`) is removed by a
 * moderator (`moderated_content`, primary-key probes): the same for every reader.
 */
export function notRemoved(subject: Sql, post: Sql): Sql {
  return sql`NOT EXISTS (SELECT 1 FROM moderated_content mc WHERE mc.removed AND mc.subject_id IN (${subject}, ${post}))`;
}

/**
 * The subject (joined by `subjectJoin`) is one the reader may see: a post visible to them (the
 * audience kernel's rule: published, not deleted, audience allows, no block with the author), or
 * a comment that is not deleted, on such a post, and whose author is in no block with the reader;
 * and neither the subject nor its post is removed by a moderator — for everyone, moderators and
 * the author included, until restored.
 */
export function subjectVisibleTo(type: SubjectType, reader: Reader): Sql {
  const post = sql`${postVisibleTo(reader, 'pa')} AND ${notRemoved(sql`r.subject_id`, sql`pa.post_id`)}`;
  if (type === 'POST') return sql`r.subject_type = 'POST' AND ${post}`;
  const noBlock = reader === null ? sql`TRUE` : sql`NOT ${blockedEitherWay(uuid(reader.userId), sql`c.author_id`)}`;
  return sql`r.subject_type = 'COMMENT' AND NOT c.deleted AND ${post} AND ${noBlock}`;
}

import { Prisma } from './prisma/__generated__/client';

/** The columns of a report row as the domain's `Report` (for `$queryRaw` into Report). */
export const REPORT_COLUMNS = Prisma.sql`r.id::text AS id, r.reporter_id::text AS "reporterId", r.subject_type AS "subjectType",
  r.subject_id::text AS "subjectId", r.post_id::text AS "postId", r.subject_author_id::text AS "subjectAuthorId", r.reason, r.note,
  r.status, r.created_at AS "createdAt", r.resolved_at AS "resolvedAt", r.resolved_by::text AS "resolvedBy", r.action,
  r.resolution_note AS "resolutionNote"`;

/** One id as a SQL uuid. */
export const uuid = (id: string): Prisma.Sql => Prisma.sql`${id}::uuid`;

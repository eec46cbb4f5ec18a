import { uuidList, uuidValues } from '@agora/prisma-kit';
import type { KeysetCursor } from '@agora/service-kit';
import type { Report, ReportStatus } from '../domain/report/report';
import type { Suspension } from '../domain/suspension/suspension';
import { Prisma, type PrismaClient } from './prisma/__generated__/client';
import { REPORT_COLUMNS } from './sql';

/** Before the keyset position `(created_at, id)`, in the newest-first order report lists are read in. */
const beforeClause = (after: KeysetCursor | null) =>
  after ? Prisma.sql`AND (r.created_at, r.id) < (${after.at}::timestamptz, ${after.id}::uuid)` : Prisma.empty;

/**
 * Read side for the graph. Every method is ONE SQL statement for any number of ids, so the
 * per-request DataLoaders turn N lookups into one round trip. Ids are canonical UUIDs (the loaders
 * filter and normalise them); callers pass non-empty lists.
 */
export class PrismaModerationQueries {
  constructor(private readonly prisma: PrismaClient) {}

  /** The reports among `ids`; only the reporter's own unless `everyone` (moderators). */
  async reportsByIds(ids: readonly string[], reader: { viewerId: string | null; everyone: boolean }): Promise<Map<string, Report>> {
    if (!reader.everyone && reader.viewerId === null) return new Map();
    const own = reader.everyone ? Prisma.empty : Prisma.sql`AND r.reporter_id = ${reader.viewerId}::uuid`;
    const rows = await this.prisma.$queryRaw<Report[]>`SELECT ${REPORT_COLUMNS} FROM report r WHERE r.id IN (${uuidList(ids)}) ${own}`;
    return new Map(rows.map((row) => [row.id, row]));
  }

  /** One page (limit = first + 1) of the reports with a status, newest first. */
  reports(status: ReportStatus, limit: number, after: KeysetCursor | null): Promise<Report[]> {
    return this.prisma.$queryRaw<Report[]>`
      SELECT ${REPORT_COLUMNS} FROM report r WHERE r.status = ${status} ${beforeClause(after)}
      ORDER BY r.created_at DESC, r.id DESC LIMIT ${limit}::int`;
  }

  /** Up to `limit` reports with a status about each author's content after the cursor, newest first. */
  async reportsAbout(
    authorIds: readonly string[],
    status: ReportStatus,
    limit: number,
    after: KeysetCursor | null,
  ): Promise<Map<string, Report[]>> {
    const rows = await this.prisma.$queryRaw<(Report & { ownerId: string })[]>`
      SELECT k.author_id::text AS "ownerId", page.*
      FROM ${uuidValues(authorIds)} AS k(author_id)
      CROSS JOIN LATERAL (
        SELECT ${REPORT_COLUMNS} FROM report r
        WHERE r.subject_author_id = k.author_id AND r.status = ${status} ${beforeClause(after)}
        ORDER BY r.created_at DESC, r.id DESC LIMIT ${limit}::int
      ) page
      ORDER BY page."createdAt" DESC, page.id DESC`;
    const byAuthor = new Map<string, Report[]>();
    for (const { ownerId, ...report } of rows) {
      const list = byAuthor.get(ownerId) ?? [];
      list.push(report);
      byAuthor.set(ownerId, list);
    }
    return byAuthor;
  }

  /** The recorded suspensions (expired ones included) of the users among `ids`. */
  async suspensions(ids: readonly string[]): Promise<Map<string, Pick<Suspension, 'userId' | 'until'>>> {
    const rows = await this.prisma.$queryRaw<Pick<Suspension, 'userId' | 'until'>[]>`
      SELECT user_id::text AS "userId", until FROM suspension WHERE user_id IN (${uuidList(ids)})`;
    return new Map(rows.map((row) => [row.userId, row]));
  }
}

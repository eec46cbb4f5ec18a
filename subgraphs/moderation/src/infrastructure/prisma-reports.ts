import type { Reports } from '../application/ports';
import type { Report } from '../domain/report/report';
import type { Prisma } from './prisma/__generated__/client';
import { REPORT_COLUMNS, uuid } from './sql';

/** Reports in moderation's database; reads `FOR UPDATE` lock the rows until the transaction ends. */
export class PrismaReports implements Reports {
  constructor(private readonly tx: Prisma.TransactionClient) {}

  async findByReporter(reporterId: string, subjectId: string): Promise<Report | null> {
    const [row] = await this.tx.$queryRaw<Report[]>`
      SELECT ${REPORT_COLUMNS} FROM report r WHERE r.reporter_id = ${uuid(reporterId)} AND r.subject_id = ${uuid(subjectId)}`;
    return row ?? null;
  }

  async findForUpdate(reportId: string): Promise<Report | null> {
    const [row] = await this.tx.$queryRaw<Report[]>`SELECT ${REPORT_COLUMNS} FROM report r WHERE r.id = ${uuid(reportId)} FOR UPDATE`;
    return row ?? null;
  }

  openOnSubjectForUpdate(subjectId: string): Promise<Report[]> {
    return this.tx.$queryRaw<Report[]>`
      SELECT ${REPORT_COLUMNS} FROM report r WHERE r.subject_id = ${uuid(subjectId)} AND r.status = 'OPEN'
      ORDER BY r.created_at, r.id FOR UPDATE`;
  }

  async insertIfAbsent(report: Report): Promise<boolean> {
    const inserted = await this.tx.$executeRaw`
      INSERT INTO report (id, reporter_id, subject_type, subject_id, post_id, subject_author_id, reason, note, status, created_at)
      VALUES (${uuid(report.id)}, ${uuid(report.reporterId)}, ${report.subjectType}, ${uuid(report.subjectId)}, ${uuid(report.postId)},
              ${uuid(report.subjectAuthorId)}, ${report.reason}, ${report.note}, ${report.status}, ${report.createdAt}::timestamptz)
      ON CONFLICT (reporter_id, subject_id) DO NOTHING`;
    return inserted === 1;
  }

  async saveResolution(report: Report): Promise<void> {
    await this.tx.report.update({
      where: { id: report.id },
      data: {
        status: report.status,
        resolvedAt: report.resolvedAt,
        resolvedBy: report.resolvedBy,
        action: report.action,
        resolutionNote: report.resolutionNote,
      },
    });
  }
}

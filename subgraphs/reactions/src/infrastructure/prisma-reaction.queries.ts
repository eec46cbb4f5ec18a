import { blockedEitherWay, empty, sql, type Reader } from '@agora/audience';
import { uuidList } from '@agora/prisma-kit';
import { reactionTotals, type ReactionCount, type ReactionKind } from '../domain/reaction/reaction-kind';
import type { SubjectType } from '../domain/reaction/subject';
import type { PrismaClient } from './prisma/__generated__/client';
import { subjectJoin, subjectVisibleTo, uuid } from './sql';

interface CountRow {
  subject_id: string;
  kind: ReactionKind;
  count: number;
}
interface KindRow {
  subject_id: string;
  kind: ReactionKind;
}

/**
 * The read side, each question ONE statement whatever the number of subjects (the DataLoaders
 * batch by subject type). Subjects the reader may not see have no reactions and no viewer
 * reaction; a block hides each side's reactions from the other.
 */
export class PrismaReactionQueries {
  constructor(private readonly prisma: PrismaClient) {}

  /** Totals per kind for each visible subject (in API order, zero counts omitted). */
  async totals(type: SubjectType, subjectIds: readonly string[], reader: Reader): Promise<Map<string, ReactionCount[]>> {
    if (subjectIds.length === 0) return new Map();
    const hideBlocked = reader === null ? empty : sql`AND NOT ${blockedEitherWay(uuid(reader.userId), sql`r.user_id`)}`;
    const rows = await this.prisma.$queryRaw<CountRow[]>(sql`
      SELECT r.subject_id::text AS subject_id, r.kind::text AS kind, count(*)::int AS count
      FROM reaction r ${subjectJoin(type)}
      WHERE r.subject_id IN (${uuidList(subjectIds)}) AND r.kind IS NOT NULL AND ${subjectVisibleTo(type, reader)} ${hideBlocked}
      GROUP BY r.subject_id, r.kind`);
    const bySubject = new Map<string, ReactionCount[]>();
    for (const row of rows) {
      const counts = bySubject.get(row.subject_id) ?? [];
      counts.push({ kind: row.kind, count: row.count });
      bySubject.set(row.subject_id, counts);
    }
    return new Map([...bySubject].map(([id, counts]) => [id, reactionTotals(counts)]));
  }

  /** The viewer's current reaction to each visible subject that has one. */
  async viewerReactions(type: SubjectType, subjectIds: readonly string[], viewerId: string): Promise<Map<string, ReactionKind>> {
    if (subjectIds.length === 0) return new Map();
    const rows = await this.prisma.$queryRaw<KindRow[]>(sql`
      SELECT r.subject_id::text AS subject_id, r.kind::text AS kind
      FROM reaction r ${subjectJoin(type)}
      WHERE r.user_id = ${uuid(viewerId)} AND r.subject_id IN (${uuidList(subjectIds)}) AND r.kind IS NOT NULL
        AND ${subjectVisibleTo(type, { userId: viewerId })}`);
    return new Map(rows.map((row) => [row.subject_id, row.kind]));
  }
}

import { sql } from '@agora/audience';
import { uuidValues } from '@agora/prisma-kit';
import type { CommentFacts, DecisionLog, Roles, Suspensions } from '../application/ports';
import type { Role, Suspension } from '../domain/suspension/suspension';
import type { Prisma } from './prisma/__generated__/client';
import { uuid } from './sql';

/**
 * The comment facts replica as upserts. An addition fills in what a tombstone lacks and never
 * clears `deleted`; a deletion marks every removed comment deleted, creating tombstones for those
 * not known yet. Applying either twice gives the same rows.
 */
export class PrismaCommentFacts implements CommentFacts {
  constructor(private readonly tx: Prisma.TransactionClient) {}

  async added(fact: { commentId: string; postId: string; authorId: string }): Promise<void> {
    await this.tx.$executeRaw(sql`
      INSERT INTO comment_fact (comment_id, post_id, author_id, deleted)
      VALUES (${uuid(fact.commentId)}, ${uuid(fact.postId)}, ${uuid(fact.authorId)}, false)
      ON CONFLICT (comment_id) DO UPDATE SET author_id = COALESCE(comment_fact.author_id, excluded.author_id)`);
  }

  async deleted(fact: { commentId: string; postId: string; authorId: string; removedCommentIds: readonly string[] }): Promise<void> {
    const ids = [...new Set([fact.commentId, ...fact.removedCommentIds])];
    await this.tx.$executeRaw(sql`
      INSERT INTO comment_fact (comment_id, post_id, author_id, deleted)
      SELECT removed.id, ${uuid(fact.postId)}, CASE WHEN removed.id = ${uuid(fact.commentId)} THEN ${uuid(fact.authorId)} END, true
      FROM ${uuidValues(ids)} AS removed(id)
      ON CONFLICT (comment_id) DO UPDATE SET deleted = true, author_id = COALESCE(comment_fact.author_id, excluded.author_id)`);
  }
}

/** The roles replica: the newest change by `changed_at` wins. */
export class PrismaRoles implements Roles {
  constructor(private readonly tx: Prisma.TransactionClient) {}

  async roleOf(accountId: string): Promise<Role> {
    const row = await this.tx.accountRole.findUnique({ where: { accountId }, select: { role: true } });
    return (row?.role as Role | undefined) ?? 'MEMBER';
  }

  async record(accountId: string, role: Role, changedAt: Date): Promise<void> {
    await this.tx.$executeRaw(sql`
      INSERT INTO account_role (account_id, role, changed_at) VALUES (${uuid(accountId)}, ${role}, ${changedAt}::timestamptz)
      ON CONFLICT (account_id) DO UPDATE SET role = excluded.role, changed_at = excluded.changed_at
      WHERE account_role.changed_at < excluded.changed_at`);
  }
}

export class PrismaSuspensions implements Suspensions {
  constructor(private readonly tx: Prisma.TransactionClient) {}

  async findForUpdate(userId: string): Promise<Suspension | null> {
    const [row] = await this.tx.$queryRaw<Suspension[]>(sql`
      SELECT user_id::text AS "userId", until, reason, moderator_id::text AS "moderatorId", report_id::text AS "reportId",
             suspended_at AS "suspendedAt"
      FROM suspension WHERE user_id = ${uuid(userId)} FOR UPDATE`);
    return row ?? null;
  }

  async save(suspension: Suspension): Promise<void> {
    const data = {
      until: suspension.until,
      reason: suspension.reason,
      moderatorId: suspension.moderatorId,
      reportId: suspension.reportId,
      suspendedAt: suspension.suspendedAt,
    };
    await this.tx.suspension.upsert({ where: { userId: suspension.userId }, create: { userId: suspension.userId, ...data }, update: data });
  }

  async remove(userId: string): Promise<void> {
    await this.tx.suspension.deleteMany({ where: { userId } });
  }
}

export class PrismaDecisionLog implements DecisionLog {
  constructor(private readonly tx: Prisma.TransactionClient) {}

  async record(decision: Parameters<DecisionLog['record']>[0]): Promise<void> {
    await this.tx.moderationDecision.create({ data: decision });
  }
}

import { sql } from '@agora/audience';
import { ConcurrentModificationError } from '@agora/kernel';
import { uuidList } from '@agora/prisma-kit';
import type { ReactionRepository } from '../application/ports';
import { UserReaction } from '../domain/reaction/reaction.aggregate';
import type { ReactionKind } from '../domain/reaction/reaction-kind';
import type { SubjectType } from '../domain/reaction/subject';
import type { Prisma } from './prisma/__generated__/client';
import { uuid } from './sql';

interface ReactionRow {
  user_id: string;
  subject_id: string;
  subject_type: SubjectType;
  post_id: string;
  subject_author_id: string;
  kind: ReactionKind | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

/** Reactions in `reaction`, one row per (user, subject); a withdrawn one keeps its row (kind null). */
export class PrismaReactionRepository implements ReactionRepository {
  constructor(private readonly tx: Prisma.TransactionClient) {}

  async loadForUpdate(userId: string, subjectId: string): Promise<UserReaction | null> {
    // No row to lock before the first reaction: a transaction-scoped advisory lock on the pair
    // serialises two first reactions (one would otherwise fail on the primary key).
    await this.tx.$executeRaw(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`reactions:${userId}:${subjectId}`}, 0))`);
    const [row] = await this.tx.$queryRaw<ReactionRow[]>(sql`
      SELECT user_id::text AS user_id, subject_id::text AS subject_id, subject_type::text AS subject_type, post_id::text AS post_id,
             subject_author_id::text AS subject_author_id, kind::text AS kind, version, created_at, updated_at
      FROM reaction WHERE user_id = ${uuid(userId)} AND subject_id = ${uuid(subjectId)} FOR UPDATE`);
    if (!row) return null;
    return UserReaction.restore({
      userId: row.user_id,
      subject: { id: row.subject_id, type: row.subject_type, postId: row.post_id, authorId: row.subject_author_id },
      kind: row.kind,
      version: row.version,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    });
  }

  async save(reaction: UserReaction): Promise<void> {
    const s = reaction.snapshot();
    const written = await this.tx.$executeRaw(sql`
      INSERT INTO reaction (user_id, subject_id, subject_type, post_id, subject_author_id, kind, version, created_at, updated_at)
      VALUES (${uuid(s.userId)}, ${uuid(s.subject.id)}, ${s.subject.type}::reaction_subject_type, ${uuid(s.subject.postId)},
              ${uuid(s.subject.authorId)}, ${s.kind}::reaction_kind, ${s.version}, ${s.createdAt}::timestamptz, ${s.updatedAt}::timestamptz)
      ON CONFLICT (user_id, subject_id) DO UPDATE SET
        subject_author_id = excluded.subject_author_id, kind = excluded.kind, version = excluded.version, updated_at = excluded.updated_at
      WHERE reaction.version = ${reaction.persistedVersion}`);
    if (written !== 1) throw new ConcurrentModificationError(`reaction of ${s.userId} to ${s.subject.id}`);
  }

  async removeForPost(postId: string): Promise<number> {
    return this.tx.$executeRaw(sql`DELETE FROM reaction WHERE post_id = ${uuid(postId)}`);
  }

  async removeForSubjects(subjectIds: readonly string[]): Promise<number> {
    if (subjectIds.length === 0) return 0;
    return this.tx.$executeRaw(sql`DELETE FROM reaction WHERE subject_id IN (${uuidList(subjectIds)})`);
  }
}

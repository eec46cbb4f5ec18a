import { ConcurrentModificationError } from '@agora/kernel';
import type { UserPairRepository } from '../application/ports';
import { UserPair, type Relationship, type RelationshipChange } from '../domain/relationship';
import { lockName, pairLockName } from './advisory-lock';
import { isUniqueViolation } from './prisma-errors';
import type { Prisma } from './prisma/__generated__/client';
import { relationshipData, toRelationship, type RelationshipRow } from './relationship.mapper';

interface PairRow extends RelationshipRow {
  kind: 'follow' | 'block';
  fromId: string;
  toId: string;
}

/**
 * Follows and blocks of two users in Postgres/PGlite. Loading takes the pair's advisory lock, so
 * every command on the same two users (whichever acts) runs one after the other and the rules
 * checked on the loaded pair hold when it commits. Versions are still checked on write as a second
 * line of defence. Prisma's errors never leave this file.
 */
export class PrismaUserPairRepository implements UserPairRepository {
  constructor(private readonly db: Prisma.TransactionClient) {}

  async loadForUpdate(actorId: string, otherId: string): Promise<UserPair> {
    await lockName(this.db, pairLockName(actorId, otherId));
    const rows = await this.db.$queryRaw<PairRow[]>`
      SELECT 'follow' AS kind, follower_id::text AS "fromId", followee_id::text AS "toId",
             state::text AS state, version, since, created_at AS "createdAt"
      FROM follow
      WHERE (follower_id = ${actorId}::uuid AND followee_id = ${otherId}::uuid)
         OR (follower_id = ${otherId}::uuid AND followee_id = ${actorId}::uuid)
      UNION ALL
      SELECT 'block', blocker_id::text, blocked_id::text, state::text, version, since, created_at
      FROM block
      WHERE (blocker_id = ${actorId}::uuid AND blocked_id = ${otherId}::uuid)
         OR (blocker_id = ${otherId}::uuid AND blocked_id = ${actorId}::uuid)`;
    const find = (kind: PairRow['kind'], fromId: string): Relationship | null => {
      const row = rows.find((candidate) => candidate.kind === kind && candidate.fromId === fromId);
      return row ? toRelationship(row) : null;
    };
    return UserPair.restore({
      actorId,
      otherId,
      following: find('follow', actorId),
      followedBy: find('follow', otherId),
      blocking: find('block', actorId),
      blockedBy: find('block', otherId),
    });
  }

  async save(pair: UserPair): Promise<void> {
    for (const change of pair.pullChanges()) {
      if (change.kind === 'follow') await this.saveFollow(change);
      else await this.saveBlock(change);
    }
  }

  private async saveFollow({ fromId, toId, previousVersion, next }: RelationshipChange): Promise<void> {
    const data = relationshipData(next);
    if (previousVersion === 0) {
      await this.insert(`follow ${fromId}>${toId}`, () =>
        this.db.follow.create({ data: { followerId: fromId, followeeId: toId, ...data } }),
      );
      return;
    }
    const { count } = await this.db.follow.updateMany({ where: { followerId: fromId, followeeId: toId, version: previousVersion }, data });
    if (count === 0) throw new ConcurrentModificationError(`follow ${fromId}>${toId}`);
  }

  private async saveBlock({ fromId, toId, previousVersion, next }: RelationshipChange): Promise<void> {
    const data = relationshipData(next);
    if (previousVersion === 0) {
      await this.insert(`block ${fromId}>${toId}`, () => this.db.block.create({ data: { blockerId: fromId, blockedId: toId, ...data } }));
      return;
    }
    const { count } = await this.db.block.updateMany({ where: { blockerId: fromId, blockedId: toId, version: previousVersion }, data });
    if (count === 0) throw new ConcurrentModificationError(`block ${fromId}>${toId}`);
  }

  private async insert(what: string, create: () => Promise<unknown>): Promise<void> {
    try {
      await create();
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConcurrentModificationError(what);
      throw error;
    }
  }
}

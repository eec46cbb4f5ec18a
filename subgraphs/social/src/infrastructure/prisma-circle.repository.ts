import { ConcurrentModificationError } from '@agora/kernel';
import type { CircleRepository, MembershipBetween } from '../application/ports';
import { Circle, type CircleState } from '../domain/circle';
import type { Relationship } from '../domain/relationship';
import { SocialError } from '../domain/social.errors';
import { lockName, ownerCirclesLockName } from './advisory-lock';
import { isUniqueViolation } from './prisma-errors';
import type { Prisma } from './prisma/__generated__/client';
import { relationshipData, toRelationship, type RelationshipRow } from './relationship.mapper';

/** A membership joined with its circle, as findMembershipsBetween selects it. */
interface MembershipBetweenRow extends CircleState {
  memberId: string;
  state: string;
  membershipVersion: number;
  since: Date;
  membershipCreatedAt: Date;
}

/**
 * Circles and memberships in Postgres/PGlite, inside one transaction. A command locks the circle
 * row it changes (`FOR UPDATE`) and the membership row it reads, so concurrent commands on one
 * circle queue up; creations of one owner queue on an advisory lock (the per-owner limit). The
 * unique (owner, name key) index is the last word on names: its violation becomes
 * CIRCLE_NAME_TAKEN. Prisma's errors never leave this file.
 */
export class PrismaCircleRepository implements CircleRepository {
  constructor(private readonly db: Prisma.TransactionClient) {}

  lockOwner(ownerId: string): Promise<void> {
    return lockName(this.db, ownerCirclesLockName(ownerId));
  }

  countOwnedBy(ownerId: string): Promise<number> {
    return this.db.circle.count({ where: { ownerId } });
  }

  async nameTaken(ownerId: string, nameKey: string, exceptCircleId?: string): Promise<boolean> {
    const clash = await this.db.circle.findFirst({
      where: { ownerId, nameKey, ...(exceptCircleId ? { id: { not: exceptCircleId } } : {}) },
      select: { id: true },
    });
    return clash !== null;
  }

  async findForUpdate(circleId: string): Promise<Circle | null> {
    const [row] = await this.db.$queryRaw<CircleState[]>`
      SELECT id::text AS id, owner_id::text AS "ownerId", name, version, created_at AS "createdAt", updated_at AS "updatedAt"
      FROM circle WHERE id = ${circleId}::uuid
      FOR UPDATE`;
    return row ? Circle.restore(row) : null;
  }

  async findMembershipForUpdate(circleId: string, memberId: string): Promise<Relationship | null> {
    const [row] = await this.db.$queryRaw<RelationshipRow[]>`
      SELECT state::text AS state, version, since, created_at AS "createdAt"
      FROM circle_member WHERE circle_id = ${circleId}::uuid AND member_id = ${memberId}::uuid
      FOR UPDATE`;
    return row ? toRelationship(row) : null;
  }

  countMembers(circleId: string): Promise<number> {
    return this.db.circleMember.count({ where: { circleId, state: 'ACTIVE' } });
  }

  async findMembershipsBetween(userA: string, userB: string): Promise<MembershipBetween[]> {
    // Locks the membership rows only (a block does not change circles themselves).
    const rows = await this.db.$queryRaw<MembershipBetweenRow[]>`
      SELECT c.id::text AS id, c.owner_id::text AS "ownerId", c.name, c.version, c.created_at AS "createdAt",
             c.updated_at AS "updatedAt", m.member_id::text AS "memberId", m.state::text AS state,
             m.version AS "membershipVersion", m.since, m.created_at AS "membershipCreatedAt"
      FROM circle_member m JOIN circle c ON c.id = m.circle_id
      WHERE m.state = 'ACTIVE'
        AND ((m.member_id = ${userB}::uuid AND c.owner_id = ${userA}::uuid)
          OR (m.member_id = ${userA}::uuid AND c.owner_id = ${userB}::uuid))
      ORDER BY c.id
      FOR UPDATE OF m`;
    return rows.map((row) => ({
      circle: Circle.restore({
        id: row.id,
        ownerId: row.ownerId,
        name: row.name,
        version: row.version,
        createdAt: row.createdAt,
        updatedAt: row.updatedAt,
      }),
      memberId: row.memberId,
      membership: toRelationship({
        state: row.state,
        version: row.membershipVersion,
        since: row.since,
        createdAt: row.membershipCreatedAt,
      }),
    }));
  }

  async save(circle: Circle): Promise<void> {
    const state = circle.snapshot();
    try {
      if (circle.persistedVersion === 0) {
        await this.db.circle.create({ data: { ...state, nameKey: circle.nameKey } });
      } else if (circle.isDeleted) {
        // Memberships go with it (ON DELETE CASCADE).
        const { count } = await this.db.circle.deleteMany({ where: { id: state.id, version: circle.persistedVersion } });
        if (count === 0) throw new ConcurrentModificationError(`circle ${state.id}`);
        return;
      } else if (state.version !== circle.persistedVersion) {
        const { count } = await this.db.circle.updateMany({
          where: { id: state.id, version: circle.persistedVersion },
          data: { name: state.name, nameKey: circle.nameKey, version: state.version, updatedAt: state.updatedAt },
        });
        if (count === 0) throw new ConcurrentModificationError(`circle ${state.id}`);
      }
    } catch (error) {
      if (isUniqueViolation(error)) throw SocialError.circleNameTaken();
      throw error;
    }
    for (const change of circle.pullMembershipChanges()) {
      const data = relationshipData(change.next);
      const where = `membership ${state.id}>${change.memberId}`;
      if (change.previousVersion === 0) {
        try {
          await this.db.circleMember.create({ data: { circleId: state.id, memberId: change.memberId, ...data } });
        } catch (error) {
          if (isUniqueViolation(error)) throw new ConcurrentModificationError(where);
          throw error;
        }
        continue;
      }
      const { count } = await this.db.circleMember.updateMany({
        where: { circleId: state.id, memberId: change.memberId, version: change.previousVersion },
        data,
      });
      if (count === 0) throw new ConcurrentModificationError(where);
    }
  }
}

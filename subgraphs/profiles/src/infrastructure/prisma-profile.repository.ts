import { ConcurrentModificationError } from '@agora/kernel';
import type { ProfileRepository } from '../application/ports';
import { Profile } from '../domain/profile';
import { toProfileRow, toProfileState } from './profile.mapper';
import { Prisma, type Profile as ProfileRow } from './prisma/__generated__/client';

const isUniqueViolation = (error: unknown): boolean => error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';

/**
 * Profiles in Postgres/PGlite, used inside one transaction. A load locks the row
 * (`FOR UPDATE`), so concurrent commands on one profile queue up instead of failing. Two first
 * writes of a profile that did not exist yet cannot be serialised by a lock: the loser's insert
 * hits the primary key and becomes a ConcurrentModificationError (the unit of work retries and then
 * finds the row). The version check on update is a second line of defence. Prisma's errors
 * never leave this file.
 */
export class PrismaProfileRepository implements ProfileRepository {
  constructor(private readonly db: Prisma.TransactionClient) {}

  async findById(accountId: string): Promise<Profile | null> {
    const [row] = await this.db.$queryRaw<ProfileRow[]>`
      SELECT account_id AS "accountId", username, display_name AS "displayName", bio, avatar_url AS "avatarUrl",
             registered_at AS "registeredAt", version, created_at AS "createdAt", updated_at AS "updatedAt"
      FROM profile WHERE account_id = ${accountId}::uuid
      FOR UPDATE`;
    return row ? Profile.restore(toProfileState(row)) : null;
  }

  async save(profile: Profile): Promise<void> {
    const { accountId, ...changes } = toProfileRow(profile.snapshot());
    if (profile.persistedVersion === 0) {
      try {
        await this.db.profile.create({ data: { accountId, ...changes } });
      } catch (error) {
        if (isUniqueViolation(error)) throw new ConcurrentModificationError(`profile ${accountId}`);
        throw error;
      }
      return;
    }
    const { count } = await this.db.profile.updateMany({
      where: { accountId, version: profile.persistedVersion },
      data: changes,
    });
    if (count === 0) throw new ConcurrentModificationError(`profile ${accountId}`);
  }
}

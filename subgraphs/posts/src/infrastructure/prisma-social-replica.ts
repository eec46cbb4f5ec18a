import type { SocialChange } from '../domain/social/social-change';
import type { Prisma } from './prisma/__generated__/client';

/**
 * Writes one social change into the replica tables, inside the consumer's inbox transaction.
 * Each write is a single upsert whose `WHERE <table>.version < excluded.version` is the
 * last-writer-wins rule of `nextRelationshipState` (domain/social/social-change.ts), so an
 * out-of-order or concurrent delivery can never overwrite a newer state.
 */
export async function applySocialChange(tx: Prisma.TransactionClient, change: SocialChange): Promise<void> {
  switch (change.kind) {
    case 'follow':
      await tx.$executeRaw`
        INSERT INTO social_follow (follower_id, followee_id, version, active)
        VALUES (${change.followerId}::uuid, ${change.followeeId}::uuid, ${change.version}, ${change.active})
        ON CONFLICT (follower_id, followee_id) DO UPDATE SET version = excluded.version, active = excluded.active
        WHERE social_follow.version < excluded.version`;
      return;
    case 'block':
      await tx.$executeRaw`
        INSERT INTO social_block (blocker_id, blocked_id, version, active)
        VALUES (${change.blockerId}::uuid, ${change.blockedId}::uuid, ${change.version}, ${change.active})
        ON CONFLICT (blocker_id, blocked_id) DO UPDATE SET version = excluded.version, active = excluded.active
        WHERE social_block.version < excluded.version`;
      return;
    case 'membership':
      // A deleted circle is terminal: a membership event arriving after its deletion is dropped.
      await tx.$executeRaw`
        INSERT INTO social_circle_member (circle_id, member_id, owner_id, version, active)
        SELECT ${change.circleId}::uuid, ${change.memberId}::uuid, ${change.ownerId}::uuid, ${change.version}, ${change.active}
        WHERE NOT EXISTS (SELECT 1 FROM social_deleted_circle d WHERE d.circle_id = ${change.circleId}::uuid)
        ON CONFLICT (circle_id, member_id) DO UPDATE SET version = excluded.version, active = excluded.active, owner_id = excluded.owner_id
        WHERE social_circle_member.version < excluded.version`;
      return;
    case 'circle-deleted':
      await tx.$executeRaw`INSERT INTO social_deleted_circle (circle_id) VALUES (${change.circleId}::uuid) ON CONFLICT DO NOTHING`;
      await tx.$executeRaw`DELETE FROM social_circle_member WHERE circle_id = ${change.circleId}::uuid`;
      return;
  }
}

import type { PostAccessChange } from '../domain/post-access';
import type { SocialChange } from '../domain/social-change';
import { sql, type RawExecutor } from './sql';

/**
 * Writes one social change into the replica tables, inside the consumer's inbox transaction.
 * Each write is a single upsert whose `WHERE <table>.version < excluded.version` is the
 * last-writer-wins rule of `nextRelationshipState` (domain/social-change.ts), so an out-of-order
 * or concurrent delivery can never overwrite a newer state.
 */
export async function applySocialChange(tx: RawExecutor, change: SocialChange): Promise<void> {
  switch (change.kind) {
    case 'follow':
      await tx.$executeRaw(sql`
        INSERT INTO social_follow (follower_id, followee_id, version, active, changed_at)
        VALUES (${change.followerId}::uuid, ${change.followeeId}::uuid, ${change.version}, ${change.active}, ${change.at ?? null}::timestamptz)
        ON CONFLICT (follower_id, followee_id) DO UPDATE
          SET version = excluded.version, active = excluded.active, changed_at = excluded.changed_at
        WHERE social_follow.version < excluded.version`);
      return;
    case 'block':
      await tx.$executeRaw(sql`
        INSERT INTO social_block (blocker_id, blocked_id, version, active)
        VALUES (${change.blockerId}::uuid, ${change.blockedId}::uuid, ${change.version}, ${change.active})
        ON CONFLICT (blocker_id, blocked_id) DO UPDATE SET version = excluded.version, active = excluded.active
        WHERE social_block.version < excluded.version`);
      return;
    case 'membership':
      // A deleted circle is terminal: a membership event arriving after its deletion is dropped.
      await tx.$executeRaw(sql`
        INSERT INTO social_circle_member (circle_id, member_id, owner_id, version, active)
        SELECT ${change.circleId}::uuid, ${change.memberId}::uuid, ${change.ownerId}::uuid, ${change.version}, ${change.active}
        WHERE NOT EXISTS (SELECT 1 FROM social_deleted_circle d WHERE d.circle_id = ${change.circleId}::uuid)
        ON CONFLICT (circle_id, member_id) DO UPDATE SET version = excluded.version, active = excluded.active, owner_id = excluded.owner_id
        WHERE social_circle_member.version < excluded.version`);
      return;
    case 'circle-deleted':
      await tx.$executeRaw(sql`INSERT INTO social_deleted_circle (circle_id) VALUES (${change.circleId}::uuid) ON CONFLICT DO NOTHING`);
      await tx.$executeRaw(sql`DELETE FROM social_circle_member WHERE circle_id = ${change.circleId}::uuid`);
      return;
  }
}

/**
 * Writes one post access change into `post_access` with a single upsert: the SQL form of
 * `nextPostAccess` (domain/post-access.ts). A newer access state replaces an older one unless the
 * post is deleted; `published_at` is kept once known; a deletion is terminal.
 */
export async function applyPostAccessChange(tx: RawExecutor, change: PostAccessChange): Promise<void> {
  if (change.kind === 'deleted') {
    await tx.$executeRaw(sql`
      INSERT INTO post_access (post_id, author_id, deleted) VALUES (${change.postId}::uuid, ${change.authorId}::uuid, true)
      ON CONFLICT (post_id) DO UPDATE SET deleted = true, author_id = COALESCE(post_access.author_id, excluded.author_id)`);
    return;
  }
  await tx.$executeRaw(sql`
    INSERT INTO post_access (post_id, author_id, visibility, circle_ids, comments_disabled, version, published_at, deleted)
    VALUES (${change.postId}::uuid, ${change.authorId}::uuid, ${change.visibility}, ${[...change.circleIds]}::uuid[],
            ${change.commentsDisabled}, ${change.version}, ${change.publishedAt ?? null}::timestamptz, false)
    ON CONFLICT (post_id) DO UPDATE SET
      author_id         = CASE WHEN post_access.version >= excluded.version THEN post_access.author_id ELSE excluded.author_id END,
      visibility        = CASE WHEN post_access.version >= excluded.version THEN post_access.visibility ELSE excluded.visibility END,
      circle_ids        = CASE WHEN post_access.version >= excluded.version THEN post_access.circle_ids ELSE excluded.circle_ids END,
      comments_disabled = CASE WHEN post_access.version >= excluded.version THEN post_access.comments_disabled ELSE excluded.comments_disabled END,
      version           = CASE WHEN post_access.version >= excluded.version THEN post_access.version ELSE excluded.version END,
      published_at      = COALESCE(post_access.published_at, excluded.published_at)`);
}

import { blockedEitherWay } from '@agora/audience';
import type { SocialFactsReader } from '../application/ports';
import type { SocialFacts } from '../domain/post/visibility';
import { Prisma } from './prisma/__generated__/client';

interface PairRow {
  follows: boolean;
  blocked: boolean;
  circle_ids: string[] | null;
}

/**
 * The social replica's facts between one reader and one author, in ONE statement, as the pure
 * `SocialFacts` the domain's `canView` takes (the same tables `visibleTo` reads).
 */
export class PrismaSocialFacts implements SocialFactsReader {
  constructor(private readonly prisma: Prisma.TransactionClient) {}

  async between(readerId: string, authorId: string): Promise<SocialFacts> {
    const reader = Prisma.sql`${readerId}::uuid`;
    const author = Prisma.sql`${authorId}::uuid`;
    const [row] = await this.prisma.$queryRaw<PairRow[]>`
      SELECT
        EXISTS (SELECT 1 FROM social_follow f WHERE f.active AND f.follower_id = ${reader} AND f.followee_id = ${author}) AS follows,
        ${blockedEitherWay(reader, author)} AS blocked,
        ARRAY(SELECT m.circle_id::text FROM social_circle_member m WHERE m.active AND m.member_id = ${reader} AND m.owner_id = ${author}) AS circle_ids`;
    const follows = row?.follows === true;
    const blocked = row?.blocked === true;
    const circles = new Set(row?.circle_ids ?? []);
    const pair = (a: string, b: string) => (a === readerId && b === authorId) || (a === authorId && b === readerId);
    return {
      follows: (followerId, followeeId) => follows && followerId === readerId && followeeId === authorId,
      blockedEitherWay: (a, b) => blocked && pair(a, b),
      inCircle: (circleId, ownerId, memberId) => ownerId === authorId && memberId === readerId && circles.has(circleId),
    };
  }
}

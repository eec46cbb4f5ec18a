import type { SocialFacts } from './visibility';
import { nextRelationshipState, type RelationshipState, type SocialChange } from './social-change';

const pair = (a: string, b: string) => `${a}|${b}`;

/**
 * The replica's rules in memory: what the SQL replica (`infrastructure/replica.sql.ts`) does with
 * `ON CONFLICT … WHERE version < excluded.version`, written plainly so the rules are unit-tested
 * and tests can compute the facts a reader should get.
 */
export class SocialReplica implements SocialFacts {
  private readonly followsByPair = new Map<string, RelationshipState>();
  private readonly blocksByPair = new Map<string, RelationshipState>();
  private readonly memberships = new Map<string, RelationshipState & { ownerId: string }>();
  private readonly deletedCircles = new Set<string>();

  apply(change: SocialChange): void {
    switch (change.kind) {
      case 'follow':
        this.applyTo(this.followsByPair, pair(change.followerId, change.followeeId), change);
        return;
      case 'block':
        this.applyTo(this.blocksByPair, pair(change.blockerId, change.blockedId), change);
        return;
      case 'membership': {
        if (this.deletedCircles.has(change.circleId)) return;
        const key = pair(change.circleId, change.memberId);
        const next = nextRelationshipState(this.memberships.get(key), change);
        if (next) this.memberships.set(key, { ...next, ownerId: change.ownerId });
        return;
      }
      case 'circle-deleted':
        this.deletedCircles.add(change.circleId);
        for (const key of [...this.memberships.keys()]) if (key.startsWith(`${change.circleId}|`)) this.memberships.delete(key);
        return;
    }
  }

  follows(followerId: string, followeeId: string): boolean {
    return this.followsByPair.get(pair(followerId, followeeId))?.active ?? false;
  }

  blockedEitherWay(a: string, b: string): boolean {
    return (this.blocksByPair.get(pair(a, b))?.active ?? false) || (this.blocksByPair.get(pair(b, a))?.active ?? false);
  }

  inCircle(circleId: string, ownerId: string, memberId: string): boolean {
    const membership = this.memberships.get(pair(circleId, memberId));
    return membership !== undefined && membership.active && membership.ownerId === ownerId;
  }

  private applyTo(map: Map<string, RelationshipState>, key: string, change: RelationshipState): void {
    const next = nextRelationshipState(map.get(key), change);
    if (next) map.set(key, next);
  }
}

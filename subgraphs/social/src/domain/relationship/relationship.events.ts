/**
 * What happened between two users, in the domain's words. The infrastructure turns these into
 * `social.follow.*.v1` / `social.block.*.v1` envelopes; `version` is the pair's version.
 */
export interface FollowChanged {
  type: 'FollowCreated' | 'FollowRemoved';
  followerId: string;
  followeeId: string;
  version: number;
  occurredAt: Date;
}

export interface BlockChanged {
  type: 'BlockCreated' | 'BlockRemoved';
  blockerId: string;
  blockedId: string;
  version: number;
  occurredAt: Date;
}

export type RelationshipEvent = FollowChanged | BlockChanged;

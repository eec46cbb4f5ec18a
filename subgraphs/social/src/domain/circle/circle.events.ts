/**
 * What happened to a circle, in the domain's words; the infrastructure turns these into
 * `social.circle.*.v1` envelopes. Circle events carry the circle's version, membership events the
 * membership's own version (per circle and member).
 */
export interface CircleCreated {
  type: 'CircleCreated';
  circleId: string;
  ownerId: string;
  name: string;
  version: number;
  occurredAt: Date;
}

export interface CircleRenamed {
  type: 'CircleRenamed';
  circleId: string;
  ownerId: string;
  name: string;
  version: number;
  occurredAt: Date;
}

export interface CircleDeleted {
  type: 'CircleDeleted';
  circleId: string;
  ownerId: string;
  version: number;
  occurredAt: Date;
}

export interface CircleMembershipChanged {
  type: 'CircleMemberAdded' | 'CircleMemberRemoved';
  circleId: string;
  ownerId: string;
  memberId: string;
  version: number;
  occurredAt: Date;
}

export type CircleEvent = CircleCreated | CircleRenamed | CircleDeleted | CircleMembershipChanged;

/**
 * One change of a social relationship, as every consuming context records it (mapped from social's
 * events). Every relationship carries social's per-relationship `version`; `active` says whether
 * the relationship exists after the change (created/added = true, removed = false).
 */
export type SocialChange =
  | { kind: 'follow'; followerId: string; followeeId: string; version: number; active: boolean; at?: Date }
  | { kind: 'block'; blockerId: string; blockedId: string; version: number; active: boolean }
  | { kind: 'membership'; circleId: string; ownerId: string; memberId: string; version: number; active: boolean }
  /** Terminal: the circle and all its memberships are gone; later events of it are ignored. */
  | { kind: 'circle-deleted'; circleId: string; ownerId: string };

export interface RelationshipState {
  version: number;
  active: boolean;
}

/**
 * Last writer wins per relationship: a change applies only when its version is newer than the
 * one already recorded, so events arriving out of order converge on the newest state (a
 * "removed" that overtook its "created" leaves the pair removed once both arrived). Returns the
 * new state, or null when the change is stale and must be ignored.
 */
export function nextRelationshipState(current: RelationshipState | undefined, change: RelationshipState): RelationshipState | null {
  if (current !== undefined && current.version >= change.version) return null;
  return { version: change.version, active: change.active };
}

/**
 * One directed relationship between two parties (a follow, a block, a circle membership) as it
 * is stored: one record per pair for ever. Ending a relationship does not delete it; it moves to
 * REMOVED and its version keeps growing, so every event about the pair is newer than the last
 * and consumers can apply them last-writer-wins even when they arrive out of order.
 */
export type RelationshipState = 'ACTIVE' | 'REMOVED';

export interface Relationship {
  readonly state: RelationshipState;
  /** 1 for the first state, +1 per change. */
  readonly version: number;
  /** When the current state began. */
  readonly since: Date;
  /** When the pair first had a relationship. */
  readonly createdAt: Date;
}

export const isActive = (relationship: Relationship | null | undefined): boolean => relationship?.state === 'ACTIVE';

/** The next state of a relationship (or its first, for a pair that never had one). */
export function transition(current: Relationship | null, state: RelationshipState, at: Date): Relationship {
  return { state, version: (current?.version ?? 0) + 1, since: at, createdAt: current?.createdAt ?? at };
}

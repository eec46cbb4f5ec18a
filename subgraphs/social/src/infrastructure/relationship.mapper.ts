import type { Relationship, RelationshipState } from '../domain/relationship';

/** A relationship row as the raw queries select it (follow, block and circle_member alike). */
export interface RelationshipRow {
  state: string;
  version: number;
  since: Date;
  createdAt: Date;
}

export const toRelationship = (row: RelationshipRow): Relationship => ({
  state: row.state as RelationshipState,
  version: Number(row.version),
  since: row.since,
  createdAt: row.createdAt,
});

/** The columns of a relationship change, as Prisma writes them. */
export const relationshipData = (relationship: Relationship) => ({
  state: relationship.state,
  version: relationship.version,
  since: relationship.since,
  createdAt: relationship.createdAt,
});

import type { ReactionKind } from './reaction-kind';
import type { ReactionSubject } from './subject';

interface ReactionEventBase {
  subject: ReactionSubject;
  userId: string;
  /** The reaction's version after the change (per user and subject). */
  version: number;
  occurredAt: Date;
}

/** The user reacted with `kind`, replacing `previousKind` (null when they had no reaction). */
export interface ReactionSet extends ReactionEventBase {
  type: 'ReactionSet';
  kind: ReactionKind;
  previousKind: ReactionKind | null;
}

/** The user withdrew their reaction `previousKind`. */
export interface ReactionRemoved extends ReactionEventBase {
  type: 'ReactionRemoved';
  previousKind: ReactionKind;
}

export type ReactionEvent = ReactionSet | ReactionRemoved;

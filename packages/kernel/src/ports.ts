/** What time it is; tests pass a fixed or stepping clock. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** New identities for aggregates and events. */
export interface IdGenerator {
  /** A fresh id (UUIDv7 in production: time-ordered, so indexes stay compact). */
  newId(): string;
}

/** Where an event came from: the request or event that caused it, and who acted (ARCHITECTURE.md §3). */
export interface EventMetadata {
  correlationId: string;
  causationId: string | null;
  actorId: string | null;
}

import type { Profile, ProfileEvent } from '../domain/profile';

/** Loads and stores profiles inside the current transaction. */
export interface ProfileRepository {
  /** Loads a profile to change it: other transactions wait for this one to load it in turn. */
  findById(accountId: string): Promise<Profile | null>;
  /**
   * Inserts a new profile or updates a stored one if it still has `persistedVersion`.
   * Throws ConcurrentModificationError when someone else wrote it first.
   */
  save(profile: Profile): Promise<void>;
}

/** Where an event came from: the request or event that caused it (ARCHITECTURE.md §3). */
export interface EventMetadata {
  correlationId: string;
  causationId: string | null;
  actorId: string | null;
}

/** Appends domain events to the outbox, in the same transaction as the state change. */
export interface ProfileEventOutbox {
  append(events: readonly ProfileEvent[], metadata: EventMetadata): Promise<void>;
}

/** What one transaction offers a use case. */
export interface TransactionScope {
  profiles: ProfileRepository;
  outbox: ProfileEventOutbox;
}

/** One transaction per command: its writes and its outbox rows commit together or not at all. */
export interface UnitOfWork {
  run<R>(work: (scope: TransactionScope) => Promise<R>): Promise<R>;
  /**
   * Like run, and records (consumer, eventId) in the inbox in the same transaction. Runs nothing
   * and returns false when that consumer already processed that event.
   */
  runOnce(consumer: string, eventId: string, work: (scope: TransactionScope) => Promise<void>): Promise<boolean>;
}

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

/** Another transaction changed the same profile first; retrying the command is safe. */
export class ConcurrentModificationError extends Error {
  constructor(readonly accountId: string) {
    super(`profile ${accountId} was modified concurrently`);
    this.name = 'ConcurrentModificationError';
  }
}

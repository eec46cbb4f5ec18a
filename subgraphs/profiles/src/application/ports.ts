import type { CommandRunner, InboxRunner } from '@agora/context-runtime';
import type { EventMetadata } from '@agora/kernel';
import type { Profile, ProfileEvent } from '../domain/profile';

/** Loads and stores profiles inside the current transaction. */
export interface ProfileRepository {
  /** Loads a profile to change it: other transactions wait for this one to load it in turn. */
  findById(accountId: string): Promise<Profile | null>;
  /**
   * Inserts a new profile or updates a stored one if it still has `persistedVersion`.
   * Throws the kernel's ConcurrentModificationError when someone else wrote it first.
   */
  save(profile: Profile): Promise<void>;
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

/**
 * One transaction per command or consumed event: its writes, outbox rows and (for a consumer) inbox
 * row commit together or not at all.
 */
export interface UnitOfWork extends CommandRunner<TransactionScope>, InboxRunner<TransactionScope> {}

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

/** A profile image slot as media last changed it (media.profile-image.changed.v1). */
export interface ProfileImageFact {
  userId: string;
  slot: 'AVATAR' | 'BANNER';
  /** null: the slot was cleared. */
  mediaId: string | null;
  changedAt: Date;
}

/**
 * The context's replica of media's profile image slots (never media itself), so the deprecated
 * `avatarUrl` can point at media's avatar when one is set.
 */
export interface ProfileImages {
  /** Keeps `fact` unless the slot already holds a change at least as recent (last writer wins by `changedAt`). */
  record(fact: ProfileImageFact): Promise<void>;
  /** Whether media says `userId` has an avatar. */
  hasAvatar(userId: string): Promise<boolean>;
}

/** What one transaction offers a use case. */
export interface TransactionScope {
  profiles: ProfileRepository;
  profileImages: ProfileImages;
  outbox: ProfileEventOutbox;
}

/**
 * One transaction per command or consumed event: its writes, outbox rows and (for a consumer) inbox
 * row commit together or not at all.
 */
export interface UnitOfWork extends CommandRunner<TransactionScope>, InboxRunner<TransactionScope> {}

import type { AvatarUrl, Bio, DisplayName } from './profile-fields';
import type { ProfileEvent } from './profile.events';

/** Everything a profile remembers; also the shape repositories persist and restore. */
export interface ProfileState {
  /** The identity account this profile belongs to; also the profile's id. */
  accountId: string;
  /** The account's username, the default display name. Null while nobody has told us yet. */
  username: string | null;
  /** What is shown; defaults to the username, null only while the username is unknown. */
  displayName: string | null;
  bio: string | null;
  avatarUrl: string | null;
  /** When identity's registration reached us; null for a profile its owner edited first. */
  registeredAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  /** Incremented by every change; 0 for a profile that was never stored. */
  version: number;
}

/**
 * A change requested by the profile's owner. `undefined` leaves a field as it is; `null` clears
 * it — except the display name, which can never be blank: null resets it to the username.
 */
export interface ProfileChanges {
  displayName?: DisplayName | null;
  bio?: Bio | null;
  avatarUrl?: AvatarUrl | null;
}

/**
 * The public profile of an account. Created by identity's registration event, or earlier by its
 * owner's first update when that request overtakes the event (they race: the event goes through
 * the outbox relay and NATS, the owner's request through the gateway). Either order ends in the
 * same state: the owner's edits win and the username only fills a missing display name.
 */
export class Profile {
  private readonly events: ProfileEvent[] = [];

  private constructor(
    private state: ProfileState,
    /** The version the store holds, for optimistic concurrency; 0 when not stored yet. */
    readonly persistedVersion: number,
  ) {}

  /** A profile for an account whose registration we just learnt about. */
  static register(input: { accountId: string; username: string; at: Date }): Profile {
    const profile = Profile.blank(input.accountId, null, input.at);
    profile.completeRegistration(input.username, input.at);
    return profile;
  }

  /**
   * A profile its owner edits before the registration event arrived. `knownUsername` is the
   * signed-in owner's username, when the caller has it, so the display name has a default.
   */
  static startedByOwner(input: { accountId: string; knownUsername: string | null; at: Date }): Profile {
    return Profile.blank(input.accountId, input.knownUsername, input.at);
  }

  static restore(state: ProfileState): Profile {
    return new Profile({ ...state }, state.version);
  }

  private static blank(accountId: string, username: string | null, at: Date): Profile {
    return new Profile(
      {
        accountId,
        username,
        displayName: username,
        bio: null,
        avatarUrl: null,
        registeredAt: null,
        createdAt: at,
        updatedAt: at,
        version: 0,
      },
      0,
    );
  }

  get accountId(): string {
    return this.state.accountId;
  }

  get isRegistered(): boolean {
    return this.state.registeredAt !== null;
  }

  /** A copy of the current state. */
  snapshot(): ProfileState {
    return { ...this.state };
  }

  /**
   * Applies identity's registration: the username becomes authoritative and fills a missing
   * display name; the owner's own values stay. Idempotent: a second registration of the same
   * account changes nothing and records nothing. Returns whether anything changed.
   */
  completeRegistration(username: string, at: Date): boolean {
    if (this.isRegistered) return false;
    const next: ProfileState = {
      ...this.state,
      username,
      displayName: this.state.displayName ?? username,
      registeredAt: at,
      updatedAt: at,
      version: this.state.version + 1,
    };
    this.state = next;
    this.events.push({
      type: 'ProfileCreated',
      accountId: next.accountId,
      version: next.version,
      occurredAt: at,
      // Non-null: it was either set by the owner or just filled with the username.
      displayName: next.displayName ?? username,
    });
    return true;
  }

  /**
   * The owner's edit. Records `ProfileUpdated` with the resulting public state when something
   * changed (or when the profile is new, since it comes into existence); returns whether it did.
   */
  update(changes: ProfileChanges, at: Date): boolean {
    const current = this.state;
    const displayName = changes.displayName === undefined ? current.displayName : (changes.displayName ?? current.username);
    const bio = changes.bio === undefined ? current.bio : changes.bio;
    const avatarUrl = changes.avatarUrl === undefined ? current.avatarUrl : changes.avatarUrl;

    const changed = displayName !== current.displayName || bio !== current.bio || avatarUrl !== current.avatarUrl;
    // A profile that never changed before comes into existence with this edit: record it.
    if (!changed && current.version > 0) return false;

    const next: ProfileState = { ...current, displayName, bio, avatarUrl, updatedAt: at, version: current.version + 1 };
    this.state = next;
    this.events.push({
      type: 'ProfileUpdated',
      accountId: next.accountId,
      version: next.version,
      occurredAt: at,
      displayName: next.displayName,
      bio: next.bio,
      avatarUrl: next.avatarUrl,
    });
    return true;
  }

  /** Events recorded since the last call, oldest first; clears them. */
  pullEvents(): ProfileEvent[] {
    return this.events.splice(0, this.events.length);
  }
}

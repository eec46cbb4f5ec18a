/**
 * What happened to a profile, in the domain's own words. The application layer turns these into
 * versioned envelopes (`profiles.profile.*.v1`) for the outbox; the domain knows nothing of that.
 */
export interface ProfileCreated {
  type: 'ProfileCreated';
  accountId: string;
  /** Aggregate version after the change. */
  version: number;
  occurredAt: Date;
  displayName: string;
}

export interface ProfileUpdated {
  type: 'ProfileUpdated';
  accountId: string;
  version: number;
  occurredAt: Date;
  /** The full public state after the change, so consumers need no earlier event to use it. */
  displayName: string | null;
  bio: string | null;
  avatarUrl: string | null;
}

export type ProfileEvent = ProfileCreated | ProfileUpdated;

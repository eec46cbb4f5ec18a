import type { Profile } from '../domain/profile';

/** The public part of a profile, as the graph shows it on `User`. */
export interface ProfileView {
  /** The account id (= `User.id`). */
  id: string;
  displayName: string | null;
  bio: string | null;
  avatarUrl: string | null;
}

export function toProfileView(profile: Profile): ProfileView {
  const { accountId, displayName, bio, avatarUrl } = profile.snapshot();
  return { id: accountId, displayName, bio, avatarUrl };
}

/** A `User` that has no profile yet: every profile field is null. */
export const emptyProfileView = (id: string): ProfileView => ({ id, displayName: null, bio: null, avatarUrl: null });

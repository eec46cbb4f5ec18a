import type { Profile } from '../domain/profile';

/** The public part of a profile, as the graph shows it on `User`. */
export interface ProfileView {
  /** The account id (= `User.id`). */
  id: string;
  displayName: string | null;
  bio: string | null;
  /** The URL the owner typed (updateProfile); `User.avatarUrl` shows media's avatar instead when `mediaAvatar`. */
  avatarUrl: string | null;
  /** Whether media says the user has an avatar (the replica of media.profile-image.changed.v1). */
  mediaAvatar: boolean;
}

export function toProfileView(profile: Profile, mediaAvatar: boolean): ProfileView {
  const { accountId, displayName, bio, avatarUrl } = profile.snapshot();
  return { id: accountId, displayName, bio, avatarUrl, mediaAvatar };
}

/** A `User` that has no profile yet: every profile field is null. */
export const emptyProfileView = (id: string, mediaAvatar = false): ProfileView => ({
  id,
  displayName: null,
  bio: null,
  avatarUrl: null,
  mediaAvatar,
});

/**
 * The deprecated `User.avatarUrl`: media's stable avatar route (it redirects to a freshly signed
 * file URL) when media says an avatar is set, otherwise the URL the owner typed.
 */
export function avatarUrlOf(view: ProfileView, mediaPublicUrl: string): string | null {
  return view.mediaAvatar ? `${mediaPublicUrl}/media/users/${view.id}/avatar` : view.avatarUrl;
}

import { SocialError } from '../../domain/social.errors';
import { pairCommand } from '../pair-command';

/** `unfollow`: idempotent (no event when not following); returns the user. */
export const unfollowUser = pairCommand({
  name: 'unfollow',
  onSelf: SocialError.cannotFollowSelf,
  act: (pair, at) => void pair.unfollow(at),
});

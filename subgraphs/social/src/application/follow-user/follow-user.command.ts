import { SocialError } from '../../domain/social.errors';
import { pairCommand } from '../pair-command';

/**
 * `follow`: the viewer follows a known user. Idempotent (no second event); FORBIDDEN when either
 * blocked the other; returns the followed user.
 */
export const followUser = pairCommand({
  name: 'follow',
  onSelf: SocialError.cannotFollowSelf,
  act: (pair, at) => void pair.follow(at),
});

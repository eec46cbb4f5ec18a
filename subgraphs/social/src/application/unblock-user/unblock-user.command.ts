import { SocialError } from '../../domain/social.errors';
import { pairCommand } from '../pair-command';

/**
 * `unblock`: lifts the viewer's block. NOT_FOUND (SOCIAL.NOT_BLOCKED) when there is none — the
 * mirror of `block` refusing a second block. Follows ended by the block are not restored.
 */
export const unblockUser = pairCommand({
  name: 'unblock',
  onSelf: SocialError.cannotBlockSelf,
  act: (pair, at) => pair.unblock(at),
});

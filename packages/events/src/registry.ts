import type { EventContract } from './envelope';
import * as comments from './contracts/comments';
import * as feed from './contracts/feed';
import * as identity from './contracts/identity';
import * as media from './contracts/media';
import * as moderation from './contracts/moderation';
import * as notifications from './contracts/notifications';
import * as posts from './contracts/posts';
import * as profiles from './contracts/profiles';
import * as reactions from './contracts/reactions';
import * as social from './contracts/social';

function isContract(value: unknown): value is EventContract {
  return typeof value === 'object' && value !== null && 'type' in value && 'stream' in value && 'schema' in value;
}

/**
 * Every contract, for snapshots and tooling. Collected from the contract modules' exports (not
 * a hand-kept list) so a new contract cannot be forgotten here; sorted by type for stable output.
 */
export const allContracts: readonly EventContract[] = Object.freeze(
  [identity, profiles, posts, social, comments, reactions, media, notifications, feed, moderation]
    .flatMap((module) => Object.values(module).filter(isContract))
    .sort((a, b) => a.type.localeCompare(b.type)),
);

/** The contract for an event type (= subject), if there is one. */
export function findContract(type: string): EventContract | undefined {
  return allContracts.find((contract) => contract.type === type);
}

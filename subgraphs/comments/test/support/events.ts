import { socialEvent } from '@agora/audience/testing';

/*
 * The events posts and social would publish, validated by their contracts, for tests to feed
 * comments over NATS: the audience kernel's builders, plus comments' shorthands.
 */
export { postAccessChanged, postDeleted, postPublished, socialEvent, type PostSpec as TestPost } from '@agora/audience/testing';

export const block = (blockerId: string, blockedId: string, version = 1, active = true) =>
  socialEvent({ kind: 'block', blockerId, blockedId, version, active });
export const follow = (followerId: string, followeeId: string, version = 1, active = true) =>
  socialEvent({ kind: 'follow', followerId, followeeId, version, active });

import { postAccessChanged, type PostSpec } from '@agora/audience/testing';
import type { EventEnvelope } from '@agora/events';

/**
 * The events other contexts publish, built through their contracts (validated), so tests feed
 * reactions exactly what posts, comments and social would send over NATS. Posts' and social's
 * come from the audience kernel; comments' are reactions' own (shared with the use-case tests).
 */
export { postDeleted, postPublished, socialEvent, type PostSpec } from '@agora/audience/testing';
export { commentAdded, commentDeleted, type CommentSpec } from '../../src/application/testing/comment-events.mother';

export const postVisibilityChanged = (post: PostSpec & { version: number }): EventEnvelope<any> => postAccessChanged('visibility', post);

import { POST_FACT_EVENTS, type PostAccessChange } from '@agora/audience';
import type { EventEnvelope } from '@agora/events';

/**
 * The post-facts change the audience kernel maps a posts event to: notifications replaces the
 * kernel's consumers of posts.post.published.v1 and posts.post.deleted.v1, and applies the same
 * change in its own handler's transaction.
 */
export function postFact(event: EventEnvelope<unknown>): PostAccessChange {
  const fact = POST_FACT_EVENTS.find((candidate) => candidate.contract.type === event.type);
  if (!fact) throw new Error(`the audience kernel has no post fact for ${event.type}`);
  return fact.toChange(event);
}

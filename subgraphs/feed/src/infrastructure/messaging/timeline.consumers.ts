import { audienceReplicaConsumers, type ReplicaClient } from '@agora/audience';
import type { EventHandler } from '@agora/messaging';

/**
 * The kernel's consumers the feed replaces with its own (application/timeline.handlers.ts), by the
 * kernel's handler name: the events that move timeline rows, whose replica change is applied in
 * the same transaction as the rows.
 */
const REPLACED_FACT_CONSUMERS = [
  'RecordFollowOnFollowCreated',
  'RemoveFollowOnFollowRemoved',
  'RecordPostAccessOnPostPublished',
  'RecordPostDeletionOnPostDeleted',
] as const;

/**
 * The audience kernel's replica consumers (`feed--<handler-in-kebab>`, each inbox-deduplicated)
 * for the facts that only matter to visibility: blocks, circles, a post's audience or comments.
 */
export function audienceFactConsumers(prisma: ReplicaClient): EventHandler<any, any>[] {
  return audienceReplicaConsumers(prisma, { socialFacts: true, postFacts: true, except: REPLACED_FACT_CONSUMERS });
}

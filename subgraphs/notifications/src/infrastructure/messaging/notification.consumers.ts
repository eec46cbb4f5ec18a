import { audienceReplicaConsumers, type ReplicaClient } from '@agora/audience';
import type { EventHandler } from '@agora/messaging';

/**
 * The audience kernel's consumers of these events are replaced by notifications' own
 * (NotifyMentionsOnPostPublished, DropNotificationsOnPostDeleted), which apply the same fact in
 * their own transaction.
 */
const REPLACED_FACT_CONSUMERS = ['RecordPostAccessOnPostPublished', 'RecordPostDeletionOnPostDeleted'] as const;

/**
 * The audience kernel's replica of social's and posts' facts (`notifications--<handler-in-kebab>`,
 * each inbox-deduplicated), less the two consumers notifications replaces. Notifications' own
 * consumers are declared in application/ and bound in app.ts.
 */
export function audienceFactConsumers(prisma: ReplicaClient): EventHandler<any, any>[] {
  return audienceReplicaConsumers(prisma, { socialFacts: true, postFacts: true, except: REPLACED_FACT_CONSUMERS });
}

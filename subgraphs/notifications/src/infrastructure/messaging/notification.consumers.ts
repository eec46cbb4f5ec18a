import { audienceReplicaConsumers, POST_FACT_EVENTS, type ReplicaClient } from '@agora/audience';
import {
  AccountRegisteredV1,
  CommentAddedV1,
  CommentDeletedV1,
  FollowCreatedV1,
  PostDeletedV1,
  PostPublishedV1,
  ReactionSetV1,
  type EventContract,
  type EventEnvelope,
} from '@agora/events';
import type { EventHandler, HandlerContext } from '@agora/messaging';
import type { DeliverMentionsOnAccountRegisteredHandler } from '../../application/deliver-mentions-on-account-registered/deliver-mentions-on-account-registered.handler';
import type { DropNotificationsOnCommentDeletedHandler } from '../../application/drop-notifications-on-comment-deleted/drop-notifications-on-comment-deleted.handler';
import type { DropNotificationsOnPostDeletedHandler } from '../../application/drop-notifications-on-post-deleted/drop-notifications-on-post-deleted.handler';
import type { NotifyMentionsOnPostPublishedHandler } from '../../application/notify-mentions-on-post-published/notify-mentions-on-post-published.handler';
import type { NotifyOnCommentAddedHandler } from '../../application/notify-on-comment-added/notify-on-comment-added.handler';
import type { NotifyOnFollowCreatedHandler } from '../../application/notify-on-follow-created/notify-on-follow-created.handler';
import type { NotifyOnReactionSetHandler } from '../../application/notify-on-reaction-set/notify-on-reaction-set.handler';

export interface NotificationUseCases {
  notifyOnFollowCreated: NotifyOnFollowCreatedHandler;
  notifyOnCommentAdded: NotifyOnCommentAddedHandler;
  notifyOnReactionSet: NotifyOnReactionSetHandler;
  notifyMentionsOnPostPublished: NotifyMentionsOnPostPublishedHandler;
  deliverMentionsOnAccountRegistered: DeliverMentionsOnAccountRegisteredHandler;
  dropNotificationsOnPostDeleted: DropNotificationsOnPostDeletedHandler;
  dropNotificationsOnCommentDeleted: DropNotificationsOnCommentDeletedHandler;
}

/** The audience kernel's consumers of these events are replaced by ours, which apply the same fact in their own transaction. */
const REPLACED_FACT_CONSUMERS = ['RecordPostAccessOnPostPublished', 'RecordPostDeletionOnPostDeleted'] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids compared in code (actor = recipient, account = author) must be spelled alike: lower case, as Postgres prints uuids. */
function lowerUuids<T>(value: T): T {
  if (typeof value === 'string') return (UUID.test(value) ? value.toLowerCase() : value) as T;
  if (Array.isArray(value)) return value.map(lowerUuids) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, lowerUuids(item)])) as T;
  }
  return value;
}

function postFact(event: EventEnvelope<any>) {
  const fact = POST_FACT_EVENTS.find((candidate) => candidate.contract.type === event.type);
  if (!fact) throw new Error(`the audience kernel has no post fact for ${event.type}`);
  return fact.toChange(event);
}

function consumer<T extends string, P>(
  name: string,
  contract: EventContract<T, P>,
  run: (event: EventEnvelope<P, T>, consumer: string) => Promise<boolean>,
): EventHandler<T, P> {
  return {
    name,
    contract,
    async handle(event: EventEnvelope<P, T>, context: HandlerContext) {
      const applied = await run({ ...event, payload: lowerUuids(event.payload) }, context.consumer);
      context.logger.debug({ eventId: event.id, type: event.type, applied }, applied ? 'event applied' : 'event already processed');
    },
  };
}

/**
 * Every durable consumer of notifications (`notifications--<handler-in-kebab>`), each
 * inbox-deduplicated: one per event that creates or drops notifications, the account replica, and
 * the audience kernel's replica of social's and posts' facts (whose posts.post.published.v1 and
 * posts.post.deleted.v1 consumers are replaced by ours, which apply the same fact).
 */
export function notificationConsumers(prisma: ReplicaClient, useCases: NotificationUseCases): EventHandler<any, any>[] {
  return [
    consumer('NotifyOnFollowCreated', FollowCreatedV1, (event, name) => useCases.notifyOnFollowCreated.execute(event, name)),
    consumer('NotifyOnCommentAdded', CommentAddedV1, (event, name) => useCases.notifyOnCommentAdded.execute(event, name)),
    consumer('NotifyOnReactionSet', ReactionSetV1, (event, name) => useCases.notifyOnReactionSet.execute(event, name)),
    consumer('NotifyMentionsOnPostPublished', PostPublishedV1, (event, name) =>
      useCases.notifyMentionsOnPostPublished.execute(event, name, postFact(event)),
    ),
    consumer('DeliverMentionsOnAccountRegistered', AccountRegisteredV1, (event, name) => useCases.deliverMentionsOnAccountRegistered.execute(event, name)),
    consumer('DropNotificationsOnPostDeleted', PostDeletedV1, (event, name) => useCases.dropNotificationsOnPostDeleted.execute(event, name, postFact(event))),
    consumer('DropNotificationsOnCommentDeleted', CommentDeletedV1, (event, name) => useCases.dropNotificationsOnCommentDeleted.execute(event, name)),
    ...audienceReplicaConsumers(prisma, { socialFacts: true, postFacts: true, except: REPLACED_FACT_CONSUMERS }),
  ];
}

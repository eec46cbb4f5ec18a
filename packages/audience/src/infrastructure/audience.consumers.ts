import {
  BlockCreatedV1,
  BlockRemovedV1,
  CircleDeletedV1,
  CircleMemberAddedV1,
  CircleMemberRemovedV1,
  FollowCreatedV1,
  FollowRemovedV1,
  PostCommentsToggledV1,
  PostDeletedV1,
  PostPublishedV1,
  PostVisibilityChangedV1,
  type EventContract,
  type EventEnvelope,
  type PayloadOf,
} from '@agora/events';
import type { EventHandler } from '@agora/messaging';
import { handleOnce, type SqlExecutor, type TransactionalClient } from '@agora/prisma-kit';
import type { PostAccessChange } from '../domain/post-access';
import type { SocialChange } from '../domain/social-change';
import { applyPostAccessChange, applySocialChange } from './replica.sql';
import type { RawExecutor } from './sql';

/** A Prisma client whose transactions can run both the inbox insert and the kernel's SQL. */
export type ReplicaClient = TransactionalClient<SqlExecutor & RawExecutor>;

export interface AudienceReplicaOptions {
  /** Replicate follows, blocks and circles (tables of prisma/social-facts.prisma). */
  socialFacts: boolean;
  /** Replicate post access states (table of prisma/post-facts.prisma). */
  postFacts: boolean;
  /** Handler names to leave out (the context handles those events itself). */
  except?: readonly string[];
}

/** One replicated event: the handler name, its contract and how it maps to a replica change. */
export interface FactEvent<C> {
  name: string;
  contract: EventContract<any, any>;
  toChange(event: EventEnvelope<any, any>): C;
}

/** Social's events that the replica records, mapped to changes (exported so a context can apply
 * them inside its own handler's transaction, as the feed does). */
export const SOCIAL_FACT_EVENTS: readonly FactEvent<SocialChange>[] = [
  {
    name: 'RecordFollowOnFollowCreated',
    contract: FollowCreatedV1,
    toChange: ({ payload: p }) => ({
      kind: 'follow',
      followerId: p.followerId,
      followeeId: p.followeeId,
      version: p.version,
      active: true,
      at: new Date(p.at),
    }),
  },
  {
    name: 'RemoveFollowOnFollowRemoved',
    contract: FollowRemovedV1,
    toChange: ({ payload: p }) => ({
      kind: 'follow',
      followerId: p.followerId,
      followeeId: p.followeeId,
      version: p.version,
      active: false,
      at: new Date(p.at),
    }),
  },
  {
    name: 'RecordBlockOnBlockCreated',
    contract: BlockCreatedV1,
    toChange: ({ payload: p }) => ({
      kind: 'block',
      blockerId: p.blockerId,
      blockedId: p.blockedId,
      version: p.version,
      active: true,
    }),
  },
  {
    name: 'RemoveBlockOnBlockRemoved',
    contract: BlockRemovedV1,
    toChange: ({ payload: p }) => ({
      kind: 'block',
      blockerId: p.blockerId,
      blockedId: p.blockedId,
      version: p.version,
      active: false,
    }),
  },
  {
    name: 'AddCircleMemberOnCircleMemberAdded',
    contract: CircleMemberAddedV1,
    toChange: ({ payload: p }) => ({
      kind: 'membership',
      circleId: p.circleId,
      ownerId: p.ownerId,
      memberId: p.memberId,
      version: p.version,
      active: true,
    }),
  },
  {
    name: 'RemoveCircleMemberOnCircleMemberRemoved',
    contract: CircleMemberRemovedV1,
    toChange: ({ payload: p }) => ({
      kind: 'membership',
      circleId: p.circleId,
      ownerId: p.ownerId,
      memberId: p.memberId,
      version: p.version,
      active: false,
    }),
  },
  {
    name: 'DropCircleOnCircleDeleted',
    contract: CircleDeletedV1,
    toChange: ({ payload: p }) => ({ kind: 'circle-deleted', circleId: p.circleId, ownerId: p.ownerId }),
  },
];

/** Posts' events that the replica records, mapped to changes. */
/** Both access events carry the post's whole access state, so they map to the replica alike. */
const accessChangeOf = ({
  payload: p,
}: EventEnvelope<PayloadOf<typeof PostVisibilityChangedV1> | PayloadOf<typeof PostCommentsToggledV1>>): PostAccessChange => ({
  kind: 'access',
  postId: p.postId,
  authorId: p.authorId,
  visibility: p.visibility,
  circleIds: p.circleIds,
  commentsDisabled: p.commentsDisabled,
  version: p.version,
});

export const POST_FACT_EVENTS: readonly FactEvent<PostAccessChange>[] = [
  {
    name: 'RecordPostAccessOnPostPublished',
    contract: PostPublishedV1,
    toChange: ({ payload: p }) => ({
      kind: 'access',
      postId: p.postId,
      authorId: p.authorId,
      visibility: p.visibility,
      circleIds: p.circleIds,
      commentsDisabled: p.commentsDisabled ?? false,
      version: 1,
      publishedAt: new Date(p.publishedAt),
    }),
  },
  {
    name: 'RecordPostAccessOnPostVisibilityChanged',
    contract: PostVisibilityChangedV1,
    toChange: accessChangeOf,
  },
  {
    name: 'RecordPostAccessOnPostCommentsToggled',
    contract: PostCommentsToggledV1,
    toChange: accessChangeOf,
  },
  {
    name: 'RecordPostDeletionOnPostDeleted',
    contract: PostDeletedV1,
    toChange: ({ payload: p }) => ({ kind: 'deleted', postId: p.postId, authorId: p.authorId }),
  },
];

function consumer<C>(
  prisma: ReplicaClient,
  fact: FactEvent<C>,
  apply: (tx: RawExecutor, change: C) => Promise<void>,
): EventHandler<any, any> {
  return {
    name: fact.name,
    contract: fact.contract,
    async handle(event, context) {
      const change = fact.toChange(event);
      const applied = await handleOnce(prisma, context.consumer, event.id, (tx) => apply(tx, change));
      context.logger.debug(
        { eventId: event.id, type: event.type, applied },
        applied ? 'audience fact applied' : 'audience fact already processed',
      );
    },
  };
}

/**
 * The durable consumers (`<context>--<handler-in-kebab>`) that keep a context's replica of the
 * audience facts. Each applies its change and records the event in `inbox` in one transaction
 * (`handleOnce`), so a redelivery is skipped; ordering does not matter because the replica keeps
 * the newest version per relationship and per post, and deletions are terminal.
 * `except` leaves out handlers (by name) that the context replaces with its own, e.g. to update
 * the replica and its read model in one transaction.
 */
export function audienceReplicaConsumers(prisma: ReplicaClient, options: AudienceReplicaOptions): EventHandler<any, any>[] {
  const except = new Set(options.except ?? []);
  return [
    ...(options.socialFacts ? SOCIAL_FACT_EVENTS.map((fact) => consumer(prisma, fact, applySocialChange)) : []),
    ...(options.postFacts ? POST_FACT_EVENTS.map((fact) => consumer(prisma, fact, applyPostAccessChange)) : []),
  ].filter((handler) => !except.has(handler.name));
}

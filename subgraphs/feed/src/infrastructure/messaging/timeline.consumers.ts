import { POST_FACT_EVENTS, SOCIAL_FACT_EVENTS, audienceReplicaConsumers, type FactEvent } from '@agora/audience';
import type { EventContract, EventEnvelope } from '@agora/events';
import type { EventHandler } from '@agora/messaging';
import { handleOnce } from '@agora/prisma-kit';
import { projectPostAccessChange, projectSocialChange } from '../../application/timeline-projection';
import type { TimelineStore } from '../../application/timeline-store';
import type { BackfillWindow } from '../../domain/timeline/timeline-rule';
import { PrismaTimelineStore } from '../prisma-timeline.store';
import type { PrismaClient } from '../prisma/__generated__/client';

/** One replicated event and what the feed does with it (live and in the rebuild alike). */
export interface FeedProjection {
  /** The handler (and durable consumer) name: the feed's own for the events it replaces, else the kernel's. */
  name: string;
  contract: EventContract<any, any>;
  /** Whether the feed runs it itself (replica + timeline in one transaction) instead of the kernel's consumer. */
  ownHandler: boolean;
  project(store: TimelineStore, event: EventEnvelope<any, any>): Promise<void>;
}

/**
 * The kernel's consumers the feed replaces with its own, by the kernel's handler name: the events
 * that move timeline rows. Their replica change is applied in the same transaction as the rows.
 */
const OWN_HANDLERS: Readonly<Record<string, string>> = {
  RecordFollowOnFollowCreated: 'BackfillTimelineOnFollowCreated',
  RemoveFollowOnFollowRemoved: 'PruneTimelineOnFollowRemoved',
  RecordPostAccessOnPostPublished: 'FanOutPostOnPostPublished',
  RecordPostDeletionOnPostDeleted: 'RemovePostOnPostDeleted',
};

function projection<C>(fact: FactEvent<C>, project: (store: TimelineStore, change: C) => Promise<void>): FeedProjection {
  const own = OWN_HANDLERS[fact.name];
  return {
    name: own ?? fact.name,
    contract: fact.contract,
    ownHandler: own !== undefined,
    project: (store, event) => project(store, fact.toChange(event)),
  };
}

/** Every social and post fact the feed consumes, with its projection (the rebuild replays exactly these). */
export const FEED_PROJECTIONS: readonly FeedProjection[] = [
  ...SOCIAL_FACT_EVENTS.map((fact) => projection(fact, projectSocialChange)),
  ...POST_FACT_EVENTS.map((fact) => projection(fact, projectPostAccessChange)),
];

/**
 * The feed's durable consumers (`feed--<handler>`): its own four — follow created / removed, post
 * published / deleted — each applying the kernel replica change AND the timeline rows in ONE
 * `handleOnce` transaction (a redelivery is skipped by the inbox), plus the kernel's replica
 * consumers for the facts that only matter to visibility.
 */
export function feedConsumers(prisma: PrismaClient, window: BackfillWindow): EventHandler<any, any>[] {
  const own = FEED_PROJECTIONS.filter((p) => p.ownHandler).map(
    (p): EventHandler<any, any> => ({
      name: p.name,
      contract: p.contract,
      async handle(event, context) {
        const applied = await handleOnce(prisma, context.consumer, event.id, (tx) => p.project(new PrismaTimelineStore(tx, window), event));
        context.logger.debug({ eventId: event.id, type: event.type, applied }, applied ? 'timeline updated' : 'event already processed');
      },
    }),
  );
  return [...audienceReplicaConsumers(prisma, { socialFacts: true, postFacts: true, except: Object.keys(OWN_HANDLERS) }), ...own];
}

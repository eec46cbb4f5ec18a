import { eventOutbox, type TransactionOutbox } from '@agora/prisma-kit';
import type { FeedScope } from '../application/timeline-store';
import type { BackfillWindow } from '../domain/timeline/timeline-rule';
import { toEnvelope } from './feed-event.mapper';
import { PrismaTimelineStore, type TimelineTx } from './prisma-timeline.store';

/**
 * What one consumed event's transaction offers the feed's handlers: the timeline store over `tx`
 * and the outbox. prisma-kit's outbox writes all the envelopes of one append in multi-row INSERTs
 * (1 000 rows a statement), so a post fanned out to many followers costs a handful of statements.
 */
export function feedScope(tx: TimelineTx, outbox: TransactionOutbox, window: BackfillWindow): FeedScope {
  return { timeline: new PrismaTimelineStore(tx, window), outbox: eventOutbox(outbox, toEnvelope) };
}

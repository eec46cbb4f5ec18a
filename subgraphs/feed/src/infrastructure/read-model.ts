import { createHash } from 'node:crypto';
import { parseEvent, STREAMS, type EventEnvelope } from '@agora/events';
import { DeliverPolicy, jetstream, jetstreamManager, type JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { FEED_PROJECTIONS, type FeedProjection } from '../application/timeline-projection';
import type { BackfillWindow } from '../domain/timeline/timeline-rule';
import { PrismaTimelineStore, type TimelineTx } from './prisma-timeline.store';
import type { PrismaClient } from './prisma/__generated__/client';

/** The streams the feed is built from, replayed in this order (the model does not depend on it). */
export const SOURCE_STREAMS = [STREAMS.SOCIAL.name, STREAMS.POSTS.name, STREAMS.MODERATION.name] as const;

/** Everything the rebuild owns: emptied, then refilled. Replica tables first, timeline last — the order the live handlers write them in, so locking them cannot deadlock with a handler. */
const READ_MODEL_TABLES = [
  'post_access',
  'social_follow',
  'social_block',
  'social_circle_member',
  'social_deleted_circle',
  'moderated_post',
  'timeline',
];

export interface RebuildReport {
  /** Messages read per stream (up to the stream's last sequence when the rebuild started). */
  messages: Record<string, number>;
  /** Messages projected (a redelivered or stale event is projected again, with no effect). */
  projected: number;
  /** Messages of the streams the feed does not consume (e.g. posts.post.edited.v1) or that break their contract (the live consumer dead-letters those). */
  skipped: number;
  /** Timeline rows after the rebuild. */
  rows: number;
}

export interface RebuildOptions {
  window: BackfillWindow;
  /** Ceiling of the one transaction; default 1 hour. */
  timeoutMs?: number;
  /** Called with what could not be projected (contract violations). */
  onSkipped?(subject: string, seq: number, reason: string): void;
}

const BY_TYPE = new Map<string, FeedProjection>(FEED_PROJECTIONS.map((p) => [p.contract.type, p]));

/**
 * Rebuilds the feed's read model — the audience replica, moderation's removals and the timeline —
 * from the SOCIAL, POSTS and MODERATION streams (so a removed post stays out), in ONE transaction, with the projection the live consumers use:
 *
 * 1. locks the read model's tables against writers (EXCLUSIVE: feed reads go on and see the old
 *    model until the commit; live consumers wait and apply their event on top afterwards, which
 *    is a no-op or the same change, the projection being idempotent and order-independent);
 * 2. empties them (DELETE, not TRUNCATE: TRUNCATE would block readers for the whole rebuild);
 * 3. reads every message of each stream from its first one up to its last sequence at that
 *    moment, through an ordered consumer (ephemeral, flow-controlled, nothing durable is
 *    created), and projects each with the live projection;
 * 4. commits.
 *
 * The inbox is left alone: events the live consumers already processed stay processed, and no
 * `feed.item.added.v1` is written (the rows are not live additions). Run it
 * against an empty database (a fresh one) to build a second copy, as the test does.
 */
export async function rebuildReadModel(prisma: PrismaClient, nc: NatsConnection, options: RebuildOptions): Promise<RebuildReport> {
  const report: RebuildReport = { messages: {}, projected: 0, skipped: 0, rows: 0 };
  return prisma.$transaction(
    async (tx) => {
      await tx.$executeRawUnsafe(`LOCK TABLE ${READ_MODEL_TABLES.join(', ')} IN EXCLUSIVE MODE`);
      for (const table of READ_MODEL_TABLES) await tx.$executeRawUnsafe(`DELETE FROM ${table}`);
      const store = new PrismaTimelineStore(tx, options.window);
      for (const stream of SOURCE_STREAMS) {
        report.messages[stream] = await replayStream(nc, stream, async (message) => {
          const outcome = await projectMessage(store, message);
          if (outcome === true) report.projected++;
          else {
            report.skipped++;
            if (outcome !== false) options.onSkipped?.(message.subject, message.seq, outcome);
          }
        });
      }
      report.rows = Number((await tx.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM timeline`)[0]!.n);
      return report;
    },
    { maxWait: 30_000, timeout: options.timeoutMs ?? 3_600_000 },
  );
}

/** true: projected; false: not a fact the feed consumes; a string: why the event was refused. */
async function projectMessage(store: PrismaTimelineStore, message: JsMsg): Promise<boolean | string> {
  const projection = BY_TYPE.get(message.subject);
  if (!projection) return false;
  let event: EventEnvelope<any, any>;
  try {
    event = parseEvent(projection.contract, message.json());
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  // What a publication's fan-out inserted is not announced (there is no outbox here): a rebuild
  // re-derives the model from history, nothing enters a timeline live.
  await projection.project(store, event);
  return true;
}

/**
 * Feeds `handle` every message of `stream` from its first up to its last sequence as of now, in
 * order, through an ordered (ephemeral) consumer; returns how many were read. Fails when the
 * stream does not exist: rebuilding from nothing would silently empty the feed.
 */
async function replayStream(nc: NatsConnection, stream: string, handle: (message: JsMsg) => Promise<void>): Promise<number> {
  const jsm = await jetstreamManager(nc);
  const { state } = await jsm.streams.info(stream);
  if (state.messages === 0) return 0;
  const consumer = await jetstream(nc).consumers.get(stream, { deliver_policy: DeliverPolicy.All });
  const messages = await consumer.consume({ max_messages: 256 });
  let read = 0;
  try {
    for await (const message of messages) {
      await handle(message);
      read++;
      if (message.seq >= state.last_seq) break;
    }
  } finally {
    await messages.close();
  }
  return read;
}

/** The timeline's rows as an ordered dump — each timeline in feed order — and its sha256. */
export async function hashTimeline(db: TimelineTx): Promise<string> {
  const rows = await db.$queryRaw<unknown[]>`
    SELECT owner_id::text, post_id::text, author_id::text, published_at FROM timeline
    ORDER BY owner_id, published_at DESC, post_id DESC`;
  return sha256Lines(rows);
}

/**
 * sha256 of the audience replica (every table, every column, in key order). A deleted post is
 * dumped as (id, author, published_at, deleted) only: the kernel keeps the access columns of
 * whatever state arrived before the deletion, so they depend on arrival order — and mean nothing,
 * the deletion being terminal (reported to the kernel's owners).
 */
export async function hashReplica(db: TimelineTx): Promise<string> {
  const rows = await db.$queryRaw<unknown[]>`
    SELECT 'follow' AS t, json_build_array(follower_id, followee_id, version, active, changed_at)::text AS r FROM social_follow
    UNION ALL SELECT 'block', json_build_array(blocker_id, blocked_id, version, active)::text FROM social_block
    UNION ALL SELECT 'member', json_build_array(circle_id, member_id, owner_id, version, active)::text FROM social_circle_member
    UNION ALL SELECT 'deleted-circle', json_build_array(circle_id)::text FROM social_deleted_circle
    UNION ALL SELECT 'moderated', json_build_array(post_id, removed, decided_at)::text FROM moderated_post
    UNION ALL SELECT 'post', CASE WHEN deleted THEN json_build_array(post_id, author_id, published_at, deleted)::text
      ELSE json_build_array(post_id, author_id, visibility, circle_ids, comments_disabled, version, published_at, deleted)::text END FROM post_access
    ORDER BY 1, 2`;
  return sha256Lines(rows);
}

function sha256Lines(rows: unknown[]): string {
  const hash = createHash('sha256');
  for (const row of rows) hash.update(JSON.stringify(row)).update('\n');
  return hash.digest('hex');
}

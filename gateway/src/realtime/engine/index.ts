/**
 * The realtime engine (ADR 11): one ordered JetStream consumer on REALTIME per gateway instance
 * → `routeEvent` (@agora/realtime) → in-memory topic index → per-subscription pipelines that
 * resolve each event through the supergraph as the subscriber → the transports.
 *
 * Positions. Every message's `id` is its REALTIME stream sequence. A subscription without
 * `after` starts at the live position when its request arrived (what happens while it is being
 * checked and registered is replayed to it). With `after`:
 * - after < live position: the missed events are replayed (a temporary ordered consumer from
 *   after + 1 up to the live position, routed for this subscriber alone) while live events wait,
 *   then it joins the live stream; positions strictly increase and none is delivered twice. A
 *   position older than what REALTIME keeps (max age 1 h) resumes from the oldest event kept.
 * - after beyond this instance's live position but within the stream (another instance is a
 *   little ahead): nothing at or before `after` is delivered.
 * - after beyond the stream's last sequence (not a position of this stream, e.g. the stream was
 *   recreated): the subscription starts live, as without `after`.
 */
import { isNatsConnected } from '@agora/messaging';
import {
  REALTIME_STREAM,
  SUBSCRIPTION_ARGUMENTS,
  accessCheckOf,
  routeEvent,
  topicsOf,
  type Delivery,
  type SubscriptionField,
} from '@agora/realtime';
import type { ServiceMap } from '@apollo/gateway';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { GraphQLError } from 'graphql';
import { BatchingDataSource } from './batching-data-source';
import { LiveEventSource, readRange, type StreamEvent } from './event-source';
import { REASONS, createPayloadMasker, realtimeError, unauthenticated, unavailable } from './errors';
import { OperationPlanner } from './operation-planner';
import { ensureRealtimeStream } from './realtime-stream';
import { Subscriber } from './subscriber';
import { RecentEvents, type RecentEvent } from './recent-events';
import { SharedResolutions } from './shared-resolutions';
import { Subscription, type QueuedEvent } from './subscription';
import { TopicIndex } from './topic-index';
import type { RealtimeEngine, RealtimeEngineOptions, SubscribeRequest, SubscribeResult } from './types';

export type { RealtimeEngine, RealtimeEngineOptions, RealtimeMessage, SubscribeRequest, SubscribeResult } from './types';

/** Events of one subscription resolved at once; their `_entities` fetches merge (batching). */
const CONCURRENCY = 16;
const POSITION = /^(0|[1-9][0-9]{0,15})$/;

interface Entry {
  field: SubscriptionField;
  viewerId: string;
  topics: readonly string[];
  subscription: Subscription;
  subscriber: Subscriber;
}

export async function createRealtimeEngine(options: RealtimeEngineOptions): Promise<RealtimeEngine> {
  const logger = options.logger.child({ component: 'realtime' });
  const { limits, nats } = options;
  const planner = new OperationPlanner(options.supergraphSdl);
  const mask = createPayloadMasker(logger);
  const js = jetstream(nats);
  const jsm = await jetstreamManager(nats);
  const stream = REALTIME_STREAM.name;
  const info = await ensureRealtimeStream(jsm, REALTIME_STREAM);

  const index = new TopicIndex<Entry>();
  const active = new Set<Entry>();
  /** Subscriptions per viewer on this instance, including those still being set up. */
  const perViewer = new Map<string, number>();
  let closed = false;

  const decoder = new TextDecoder();
  /** routeEvent over a raw message; a malformed event is logged and yields nothing. */
  const deliveriesOf = (event: StreamEvent): Delivery[] => {
    try {
      return routeEvent(event.subject, JSON.parse(decoder.decode(event.data)) as unknown);
    } catch (error) {
      logger.warn(
        { seq: event.seq, subject: event.subject, err: error instanceof Error ? error.message : String(error) },
        'realtime: event skipped (does not match its contract)',
      );
      return [];
    }
  };

  const fanOut = (event: StreamEvent): void => {
    const deliveries = deliveriesOf(event);
    recent.record({ seq: event.seq, deliveries });
    if (deliveries.length === 0) return;
    // One queued event per subscription, even when several deliveries of the event reach it.
    const bySubscription = new Map<Entry, Delivery[]>();
    for (const delivery of deliveries) {
      for (const entry of index.subscribersOf(delivery.topic)) {
        if (entry.field !== delivery.field) continue;
        const list = bySubscription.get(entry);
        if (list) list.push(delivery);
        else bySubscription.set(entry, [delivery]);
      }
    }
    for (const [entry, list] of bySubscription) entry.subscription.offer({ seq: event.seq, deliveries: list });
  };

  const recent = new RecentEvents(info.state.last_seq, { maxAgeMs: REALTIME_STREAM.maxAgeMs });
  const source = new LiveEventSource({
    nc: nats,
    js,
    stream,
    after: info.state.last_seq,
    onEvent: fanOut,
    prepare: async () => (await ensureRealtimeStream(jsm, REALTIME_STREAM)).state.last_seq,
    // REALTIME was recreated: the positions clients hold mean nothing any more.
    onReset: () => {
      recent.reset(source.position);
      for (const entry of [...active]) entry.subscription.end([unavailable('Live updates restarted; subscribe again')]);
    },
    logger,
  });
  await source.start();
  logger.info({ stream, position: info.state.last_seq }, 'realtime engine attached');

  const release = (viewerId: string) => {
    const count = (perViewer.get(viewerId) ?? 1) - 1;
    if (count > 0) perViewer.set(viewerId, count);
    else perViewer.delete(viewerId);
  };

  const serviceMapFor = (): ServiceMap => {
    const map: ServiceMap = {};
    for (const name of planner.remoteSubgraphs) {
      const dataSource = options.dataSource(name);
      if (dataSource) map[name] = new BatchingDataSource(dataSource);
    }
    return map;
  };

  async function* routed(events: AsyncIterable<StreamEvent>): AsyncIterable<RecentEvent> {
    for await (const event of events) yield { seq: event.seq, deliveries: deliveriesOf(event) };
  }

  /** Replays from..to for one subscription, then lets it join the live stream. */
  const replay = async (entry: Entry, from: number, to: number, signal: AbortSignal): Promise<void> => {
    try {
      // Recent events come from memory (recent-events.ts); older ones from the stream.
      const events: Iterable<RecentEvent> | AsyncIterable<RecentEvent> =
        recent.range(from, to) ?? routed(readRange({ js, jsm, stream, from, to, signal }));
      for await (const event of events) {
        if (signal.aborted) return;
        const deliveries = event.deliveries.filter((delivery) => delivery.field === entry.field && entry.topics.includes(delivery.topic));
        if (deliveries.length === 0) continue;
        if (!(await entry.subscription.offerReplayed({ seq: event.seq, deliveries }))) return;
      }
      entry.subscription.finishReplay();
    } catch (error) {
      logger.warn({ err: error instanceof Error ? error.message : String(error), from, to }, 'realtime: replay failed');
      entry.subscription.end([unavailable('Could not replay the missed events; resubscribe')], String(from - 1));
    }
  };

  const refuse = (...errors: GraphQLError[]): SubscribeResult => ({ ok: false, errors });

  /** Where the subscription starts, and what to replay: see the module comment. */
  const startOf = async (after: number | undefined): Promise<{ position: number; replayTo?: number } | undefined> => {
    if (after === undefined) return undefined;
    if (after <= source.position) return { position: after, replayTo: source.position };
    const { state } = await jsm.streams.info(stream);
    return after > state.last_seq ? undefined : { position: after };
  };

  /** Resolutions shared by subscriptions asking the same (shared-resolutions.ts), keyed per prepared operation. */
  const shared = new SharedResolutions();
  const operationKeys = new WeakMap<object, string>();
  let operationCount = 0;
  const operationKeyOf = (prepared: object): string => {
    const known = operationKeys.get(prepared);
    if (known !== undefined) return known;
    operationCount += 1;
    const key = String(operationCount);
    operationKeys.set(prepared, key);
    return key;
  };

  async function subscribe(request: SubscribeRequest): Promise<SubscribeResult> {
    if (!request.viewer) return refuse(unauthenticated());
    if (closed || !source.isAttached()) return refuse(unavailable());
    const compiled = planner.prepareSubscription(request.document, request.operationName ?? null);
    if (!compiled.ok) return { ok: false, errors: compiled.errors };
    const { prepared } = compiled;
    const values = planner.argumentsOf(prepared, request.variables ?? {});
    if (!values.ok) return { ok: false, errors: values.errors };
    const parsedArgs = SUBSCRIPTION_ARGUMENTS[prepared.field].safeParse(values.args);
    if (!parsedArgs.success) {
      const issue = parsedArgs.error.issues[0];
      const field = issue?.path.length ? issue.path.join('.') : undefined;
      return refuse(realtimeError('BAD_USER_INPUT', REASONS.invalidArgument, issue?.message ?? 'Invalid arguments', field));
    }
    const args = parsedArgs.data;
    let after: number | undefined;
    if (request.after !== undefined) {
      if (!POSITION.test(request.after)) {
        return refuse(realtimeError('BAD_USER_INPUT', REASONS.invalidPosition, 'after must be a position received earlier (a message id)'));
      }
      after = Number(request.after);
    }

    // A subscription without `after` starts where the stream was when the request arrived, not
    // when it is registered (after the access check): events in between are replayed to it, so
    // one caused right after subscribing is not missed.
    const arrivedAt = source.position;
    const viewer = request.viewer;
    // Event payloads carry canonical (lower-case) ids; topics must match them.
    const viewerId = viewer.userId.toLowerCase();
    // Reserved before the awaits below, so concurrent subscribes cannot exceed the limit.
    const held = perViewer.get(viewerId) ?? 0;
    if (held >= limits.maxSubscriptionsPerViewer) {
      return refuse(
        realtimeError(
          'BAD_REQUEST',
          REASONS.tooManySubscriptions,
          `At most ${limits.maxSubscriptionsPerViewer} live subscriptions per person; end one before starting another`,
        ),
      );
    }
    perViewer.set(viewerId, held + 1);
    let registered = false;
    try {
      const access = accessCheckOf(prepared.field, args);
      const subscriber = new Subscriber({
        planner,
        prepared,
        variables: values.variables,
        context: { viewer, requestId: request.requestId, clientIp: request.clientIp ?? null },
        serviceMap: serviceMapFor(),
        access,
        mask,
        logger: logger.child({ requestId: request.requestId }),
        shared,
        operationKey: operationKeyOf(prepared),
      });
      if (access) {
        const verdict = await subscriber.checkAccess();
        if (verdict === 'denied') return refuse(realtimeError(access.refusal.code, access.refusal.reason, access.refusal.message));
        if (verdict === 'failed') return refuse(unavailable('Could not check access right now; try again shortly'));
      }
      const start = await startOf(after ?? arrivedAt);
      if (closed) return refuse(unavailable());

      // From here on synchronous: the live position read and the index insertion happen in the
      // same turn as no fan-out, so every later event reaches this subscription exactly once.
      const position = start?.position ?? source.position;
      const replayTo = start?.replayTo !== undefined ? source.position : undefined;
      const replayAbort = new AbortController();
      const topics = topicsOf(prepared.field, viewerId, args);
      const entry: Entry = {
        field: prepared.field,
        viewerId,
        topics,
        subscriber,
        subscription: new Subscription({
          position,
          bufferMessages: limits.bufferMessages,
          concurrency: CONCURRENCY,
          handle: (event: QueuedEvent) => subscriber.handle(event),
          onClosed: () => {
            index.remove(entry, topics);
            active.delete(entry);
            release(viewerId);
            replayAbort.abort();
            request.signal.removeEventListener('abort', onAbort);
          },
          logger,
        }),
      };
      const onAbort = () => entry.subscription.close();
      index.add(entry, topics);
      active.add(entry);
      registered = true;
      if (replayTo !== undefined && replayTo > position) {
        entry.subscription.startReplay();
        void replay(entry, position + 1, replayTo, replayAbort.signal);
      }
      if (request.signal.aborted) entry.subscription.close();
      else request.signal.addEventListener('abort', onAbort, { once: true });
      logger.debug({ field: prepared.field, viewer: viewerId, position, replayTo, requestId: request.requestId }, 'realtime: subscribed');
      return { ok: true, messages: entry.subscription.messages };
    } finally {
      if (!registered) release(viewerId);
    }
  }

  let closing: Promise<void> | undefined;
  return {
    subscribe,
    activeSubscriptions: () => active.size,
    isConnected: () => !closed && source.isAttached() && isNatsConnected(nats),
    close: () =>
      (closing ??= (async () => {
        closed = true;
        for (const entry of [...active]) entry.subscription.close();
        await source.stop();
        logger.info({}, 'realtime engine closed');
      })()),
  };
}

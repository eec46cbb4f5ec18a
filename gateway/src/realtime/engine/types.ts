/**
 * The seam between the realtime engine (NATS → fan-out → per-viewer resolution) and the
 * transports (graphql-ws, SSE). Transports authenticate, parse the request and hand the engine a
 * SubscribeRequest; the engine answers a stream of RealtimeMessages or a typed refusal.
 */
import type { NatsConnection } from '@agora/messaging';
import type { Logger, Viewer } from '@agora/service-kit';
import type { GraphQLDataSource } from '@apollo/gateway';
import type { DocumentNode, ExecutionResult, GraphQLError } from 'graphql';
import type { RealtimeConfig } from '../../config';
import type { GatewayContext } from '../../subgraphs/gateway-context';

export interface SubscribeRequest {
  /** Parsed, not yet validated: the engine validates against the API schema and the limits. */
  document: DocumentNode;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
  /** Verified from the access token; null = anonymous (subscriptions refuse it with UNAUTHENTICATED). */
  viewer: Viewer | null;
  /** Propagated to subgraph fetches as `x-request-id`. */
  requestId: string;
  /** The subscriber's IP, signed into the identity header of the resolutions' subgraph fetches; omitted = unknown. */
  clientIp?: string | null;
  /**
   * Resume after this position (a previous message's `id`, SSE `Last-Event-ID`, or the WebSocket
   * `after` extension): events after it are replayed in order, then live ones, never twice.
   */
  after?: string;
  /** Aborts the subscription (client gone, completed, connection closed): the stream ends. */
  signal: AbortSignal;
}

/** One delivery: the resolved payload and the position to resume after it. */
export interface RealtimeMessage {
  /** The REALTIME stream sequence of the event, as a string; pass as `after` to resume. */
  id: string;
  payload: ExecutionResult;
}

/** Why a subscription ended, when it was not the client's doing. */
export interface RealtimeEnd {
  /** A last payload with `errors` telling why (e.g. REALTIME.ACCESS_LOST), or undefined when the stream just ended. */
  errors?: readonly GraphQLError[];
}

export type SubscribeResult =
  /** Refused before anything was subscribed: validation, auth, limits, access (GraphQL errors with extensions.code). */
  | { ok: false; errors: readonly GraphQLError[] }
  /**
   * Subscribed. `messages` yields deliveries in position order until the signal aborts or the
   * engine ends the subscription; a last message may carry only `errors` (then the stream ends).
   */
  | { ok: true; messages: AsyncIterable<RealtimeMessage> };

export interface RealtimeEngine {
  /**
   * Subscribes, or refuses with typed errors. A request whose operation is a query or mutation is
   * refused with BAD_REQUEST here; transports run those through the gateway's HTTP pipeline.
   */
  subscribe(request: SubscribeRequest): Promise<SubscribeResult>;
  /** How many subscriptions are live (for limits and metrics). */
  activeSubscriptions(): number;
  /** True while the engine's JetStream consumer is attached (readiness detail). */
  isConnected(): boolean;
  /** Ends every subscription (their streams finish) and detaches from NATS. Idempotent. */
  close(): Promise<void>;
}

/**
 * What the gateway gives the engine (gateway/src/realtime/engine/index.ts exports
 * `createRealtimeEngine(options): Promise<RealtimeEngine>`; it ensures the REALTIME stream and
 * attaches its ordered consumer before resolving).
 */
export interface RealtimeEngineOptions {
  /** The composed supergraph (schema/supergraph.graphql as loaded by the gateway). */
  supergraphSdl: string;
  /**
   * The data source the gateway uses for a subgraph (AgoraDataSource: signed identity header,
   * request id) — the engine resolves every plan fetch but realtime's primary one through these.
   */
  dataSource(subgraphName: string): GraphQLDataSource<GatewayContext> | undefined;
  /** Connected by the gateway (`connectNats` from @agora/messaging). */
  nats: NatsConnection;
  logger: Logger;
  limits: RealtimeConfig;
}

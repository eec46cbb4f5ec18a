/**
 * @agora/realtime — the realtime bounded context (ADR 11). It declares the supergraph's
 * `Subscription` fields (src/graphql/schema.graphql, composed like every subgraph) and maps domain
 * events to them (src/domain/routing.ts; src/application/route-event.ts binds it to the event
 * contracts). It runs no process and owns no database: the gateway
 * terminates the transports, reads REALTIME from JetStream and applies this mapping.
 */
import { readFileSync } from 'node:fs';

export {
  SUBSCRIPTION_FIELDS,
  SUBSCRIPTION_ARGUMENTS,
  ACCESS_LOST,
  accessCheckOf,
  deliveriesOf,
  postTopic,
  topicsOf,
  viewerTopic,
  type AccessCheck,
  type Delivery,
  type EndReason,
  type EntityRef,
  type PostActivityKind,
  type SubscriptionField,
} from './domain/routing';
export { ROUTED_EVENT_TYPES, routeEvent } from './application/route-event';
export { REALTIME_STREAM, REALTIME_RESUME_WINDOW_MS, type SourcedStreamSpec } from './infrastructure/realtime-stream';

/** The subgraph's SDL (what composition reads), for the gateway's local execution of the primary fetch. */
export const realtimeTypeDefs = (): string => readFileSync(new URL('./graphql/schema.graphql', import.meta.url), 'utf8');

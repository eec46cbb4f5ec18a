import type { Viewer } from '@agora/service-kit';

/** Per-request state the gateway carries from the HTTP request to every subgraph fetch. */
export interface GatewayContext {
  /** Verified from the access token; null = anonymous. */
  viewer: Viewer | null;
  /** Propagated to subgraphs as `x-request-id` so one request can be followed across logs. */
  requestId: string;
  /**
   * The client's IP (socket address, or `X-Forwarded-For` per `GATEWAY_TRUST_PROXY`), signed into
   * the identity header of every subgraph request; null when unknown.
   */
  clientIp: string | null;
}

import { IDENTITY_HEADER, IDENTITY_HEADER_TTL_SECONDS, signIdentityHeader } from '@agora/service-kit';
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayContext } from './gateway-context';

export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * Headers a subgraph could mistake for identity or trust. The gateway builds every subgraph
 * request from scratch (client headers are never copied), and deletes these anyway so a future
 * change that forwards client headers cannot reintroduce identity spoofing.
 */
const NEVER_FORWARDED = [IDENTITY_HEADER, 'authorization', 'cookie', 'x-forwarded-user', 'x-user-id', 'x-viewer'];

/**
 * One signature per request context: a query plan's fetches (and a subscription's resolutions)
 * share the header while it is fresh. A subscription's context lives for hours, so a header older
 * than half its lifetime is signed again. Keyed by the context object; gone with it.
 */
const signedHeaders = new WeakMap<object, { header: Promise<string>; signedAt: number }>();
const RESIGN_AFTER_MS = (IDENTITY_HEADER_TTL_SECONDS * 1000) / 2;

/** The `x-agora-identity` header for a request context: claims `ip`, and `sub`/`username`/`ev` when signed in. */
export function identityHeaderFor(context: GatewayContext, secret: string): Promise<string> {
  const now = Date.now();
  const cached = signedHeaders.get(context);
  if (cached && now - cached.signedAt < RESIGN_AFTER_MS) return cached.header;
  const header = signIdentityHeader(context.viewer, secret, { clientIp: context.clientIp ?? null });
  signedHeaders.set(context, { header, signedAt: now });
  header.catch(() => signedHeaders.delete(context));
  return header;
}

/**
 * How the gateway talks to one subgraph: the verified viewer and the client's IP travel ONLY as
 * a short-lived signed `x-agora-identity` header (HS256, the internal secret), sent on every
 * request (anonymous ones too: the IP), never as the client's token; the request id travels along.
 */
export class AgoraDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    options: { url: string; name: string },
    private readonly internalSecret: string,
  ) {
    super({ url: options.url });
  }

  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    const headers = request.http?.headers;
    if (!headers) return;
    for (const name of NEVER_FORWARDED) headers.delete(name);
    // Health checks and other gateway-internal fetches run without a request context.
    if (!context?.requestId) return;
    headers.set(REQUEST_ID_HEADER, context.requestId);
    headers.set(IDENTITY_HEADER, await identityHeaderFor(context as GatewayContext, this.internalSecret));
  }
}

import { IDENTITY_HEADER, signIdentityHeader } from '@agora/service-kit';
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
 * How the gateway talks to one subgraph: the verified viewer travels ONLY as a short-lived signed
 * `x-agora-identity` header (signed per fetch with the internal secret), never as the client's
 * token; the request id travels along.
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
    if (context?.requestId) headers.set(REQUEST_ID_HEADER, context.requestId);
    if (context?.viewer) headers.set(IDENTITY_HEADER, await signIdentityHeader(context.viewer, this.internalSecret));
  }
}

import { IDENTITY_HEADER, IDENTITY_HEADER_TTL_SECONDS, signIdentityHeader } from '@agora/service-kit';
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GraphQLFormattedError } from 'graphql';
import type { GatewayContext } from './gateway-context';

export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * The most JSON an `_entities` request's representations may take before the gateway splits them
 * into several requests. Subgraphs parse bodies with a 100kb limit (service-kit's
 * subgraph-server.ts); a legitimate page within the cost limit can still need more (e.g. 100
 * posts × 20 comments' authors: 2 000 representations of ~60 bytes), and one 413 would lose the
 * whole field. Splitting here rather than raising the subgraphs' limit for signed gateway
 * requests: the body is parsed before the signature can be checked, so a raised limit would be
 * raised for everyone who reaches a subgraph; and the gateway is where the batch is made. 64 KiB
 * leaves the rest of the 100kb for the query text and the other variables.
 */
export const ENTITY_BATCH_BYTES = 64 * 1024;

type SubgraphResponse = Awaited<ReturnType<RemoteGraphQLDataSource['process']>>;

/** `representations` cut into consecutive runs of at most `maxBytes` of JSON (at least one each). */
export function chunkRepresentations(representations: readonly unknown[], maxBytes: number): unknown[][] {
  const chunks: unknown[][] = [];
  let current: unknown[] = [];
  let bytes = 2; // []
  for (const representation of representations) {
    const size = JSON.stringify(representation).length + 1; // and its comma
    if (current.length > 0 && bytes + size > maxBytes) {
      chunks.push(current);
      current = [];
      bytes = 2;
    }
    current.push(representation);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/**
 * The responses to consecutive chunks of one `_entities` request, as the one response to the
 * whole batch: entities concatenated in order (a chunk that answered no list counts as nulls, its
 * errors say why), and each error's `['_entities', i, …]` path shifted by its chunk's offset so
 * the gateway reports it at its own entity.
 */
export function mergeEntityResponses(chunks: readonly (readonly unknown[])[], responses: readonly SubgraphResponse[]): SubgraphResponse {
  const entities: unknown[] = [];
  const errors: GraphQLFormattedError[] = [];
  let offset = 0;
  let anyData = false;
  responses.forEach((response, i) => {
    const length = chunks[i]!.length;
    const received = (response.data as { _entities?: unknown } | null | undefined)?._entities;
    if (Array.isArray(received) && received.length === length) {
      anyData = true;
      entities.push(...received);
    } else {
      entities.push(...Array.from({ length }, () => null));
    }
    for (const error of response.errors ?? []) {
      const path = error.path;
      const shifted =
        path && path[0] === '_entities' && typeof path[1] === 'number'
          ? { ...error, path: ['_entities', path[1] + offset, ...path.slice(2)] }
          : error;
      errors.push(shifted);
    }
    offset += length;
  });
  return {
    ...responses[0],
    data: anyData ? { _entities: entities } : null,
    ...(errors.length > 0 ? { errors } : { errors: undefined }),
  };
}

/**
 * Headers a subgraph could mistake for identity or trust. The gateway builds every subgraph
 * request from scratch (client headers are never copied), and deletes these anyway so a future
 * change that forwards client headers cannot reintroduce identity spoofing.
 */
const NEVER_FORWARDED = [IDENTITY_HEADER, 'authorization', 'cookie', 'x-forwarded-user', 'x-user-id', 'x-viewer'];

/**
 * One signature per request context AND subgraph: a query plan's fetches to one subgraph (an
 * `_entities` batch split into chunks included) and a subscription's resolutions share its header
 * while it is fresh; each subgraph gets its own (`aud` = its name), so a header captured at one
 * cannot be replayed at another. A subscription's context lives for hours, so a header older than
 * half its lifetime is signed again. Keyed by the context object; gone with it.
 */
const signedHeaders = new WeakMap<object, Map<string, { header: Promise<string>; signedAt: number }>>();
const RESIGN_AFTER_MS = (IDENTITY_HEADER_TTL_SECONDS * 1000) / 2;

/**
 * The `x-agora-identity` header for a request context and the subgraph `audience`: claims `ip`,
 * and `sub`/`username`/`ev` when signed in, `anon: true` when not (anonymous requests are signed too).
 */
export function identityHeaderFor(context: GatewayContext, secret: string, audience: string): Promise<string> {
  const now = Date.now();
  let byAudience = signedHeaders.get(context);
  if (!byAudience) {
    byAudience = new Map();
    signedHeaders.set(context, byAudience);
  }
  const cached = byAudience.get(audience);
  if (cached && now - cached.signedAt < RESIGN_AFTER_MS) return cached.header;
  const header = signIdentityHeader(context.viewer, secret, { clientIp: context.clientIp ?? null, audience });
  const entry = { header, signedAt: now };
  byAudience.set(audience, entry);
  header.catch(() => {
    if (byAudience.get(audience) === entry) byAudience.delete(audience);
  });
  return header;
}

/**
 * How the gateway talks to one subgraph: the verified viewer and the client's IP travel ONLY as
 * a short-lived signed `x-agora-identity` header (HS256, the internal secret, `aud` = the
 * subgraph's name), sent on every request (anonymous ones too: subgraphs in production answer
 * nothing unsigned), never as the client's token; the request id travels along.
 */
export class AgoraDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  /** The subgraph's name: the audience of the headers signed for it. */
  readonly subgraphName: string;

  constructor(
    options: { url: string; name: string },
    private readonly internalSecret: string,
  ) {
    super({ url: options.url });
    this.subgraphName = options.name;
  }

  /** An `_entities` request larger than ENTITY_BATCH_BYTES goes out as several, answered as one. */
  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<SubgraphResponse> {
    const variables = options.request.variables;
    const representations = variables?.representations;
    if (!Array.isArray(representations)) return super.process(options);
    const chunks = chunkRepresentations(representations, ENTITY_BATCH_BYTES);
    if (chunks.length <= 1) return super.process(options);
    const responses = await Promise.all(
      chunks.map((chunk) =>
        super.process({ ...options, request: { ...options.request, variables: { ...variables, representations: chunk } } }),
      ),
    );
    return mergeEntityResponses(chunks, responses);
  }

  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    const headers = request.http?.headers;
    if (!headers) return;
    for (const name of NEVER_FORWARDED) headers.delete(name);
    // Health checks and other gateway-internal fetches run without a request context.
    if (!context?.requestId) return;
    headers.set(REQUEST_ID_HEADER, context.requestId);
    headers.set(IDENTITY_HEADER, await identityHeaderFor(context as GatewayContext, this.internalSecret, this.subgraphName));
  }
}

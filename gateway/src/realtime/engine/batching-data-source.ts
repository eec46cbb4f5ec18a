import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayContext } from '../../subgraphs/gateway-context';

/** GraphQLDataSourceRequestKind.INCOMING_OPERATION (the enum is not exported by @apollo/gateway). */
const INCOMING_OPERATION = 'incoming operation';

type Response = Awaited<ReturnType<GraphQLDataSource['process']>>;
type ResponseError = NonNullable<Response['errors']>[number];

interface Waiting {
  options: GraphQLDataSourceProcessOptions<GatewayContext>;
  representations: unknown[];
  resolve: (response: Response) => void;
  reject: (error: unknown) => void;
}

/**
 * Merges concurrent `_entities` fetches into one subgraph call. One instance serves ONE
 * subscription (one viewer, one request id), so every call it merges runs with the same
 * identity. Calls are merged when they go to the same subgraph with the same query text and the
 * same variables apart from `representations`; they are collected until the next turn of the
 * event loop (`setImmediate`: every plan execution that is only waiting on promises has reached
 * its fetch by then). Identical representations are sent once. The answer is split back:
 * `_entities` by position, errors with an `_entities` path re-pointed to the caller's own index
 * (errors without one go to every caller).
 *
 * When does a subscription fetch concurrently? When several events for it are resolved at once
 * (a burst of reactions on a post, a resume replaying missed events): their plan executions
 * ask the same subgraph the same `_entities` query for different (or the same) entities.
 */
export class BatchingDataSource implements GraphQLDataSource<GatewayContext> {
  private readonly waiting = new Map<string, Waiting[]>();

  constructor(private readonly inner: GraphQLDataSource<GatewayContext>) {}

  process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<Response> {
    const { representations, ...rest } = options.request.variables ?? {};
    const query = options.request.query;
    if (String(options.kind) !== INCOMING_OPERATION || !Array.isArray(representations) || !query) {
      return this.inner.process(options);
    }
    const key = `${options.request.operationName ?? ''}\u0000${query}\u0000${stableJson(rest)}`;
    return new Promise<Response>((resolve, reject) => {
      let group = this.waiting.get(key);
      if (!group) {
        this.waiting.set(key, (group = []));
        setImmediate(() => {
          this.waiting.delete(key);
          void this.flush(group!);
        });
      }
      group.push({ options, representations, resolve, reject });
    });
  }

  private async flush(group: Waiting[]): Promise<void> {
    if (group.length === 1) {
      const [only] = group as [Waiting];
      return this.inner.process(only.options).then(only.resolve, only.reject);
    }
    // Unique representations, and for each caller the unique index of each of its own.
    const unique: unknown[] = [];
    const indexOf = new Map<string, number>();
    const mapping = group.map((waiting) =>
      waiting.representations.map((representation) => {
        const id = stableJson(representation);
        let index = indexOf.get(id);
        if (index === undefined) {
          index = unique.push(representation) - 1;
          indexOf.set(id, index);
        }
        return index;
      }),
    );
    const first = group[0]!.options;
    const merged = {
      ...first,
      request: { ...first.request, http: undefined, variables: { ...first.request.variables, representations: unique } },
    } as GraphQLDataSourceProcessOptions<GatewayContext>;
    let response: Response;
    try {
      response = await this.inner.process(merged);
    } catch (error) {
      for (const waiting of group) waiting.reject(error);
      return;
    }
    const entities = (response.data as { _entities?: unknown } | null | undefined)?._entities;
    group.forEach((waiting, caller) => waiting.resolve(splitResponse(response, entities, mapping[caller]!)));
  }
}

function splitResponse(response: Response, entities: unknown, mine: number[]): Response {
  const errors: ResponseError[] = [];
  for (const error of response.errors ?? []) {
    const path = error.path;
    if (path?.[0] === '_entities' && typeof path[1] === 'number') {
      // The same entity may appear more than once in one caller's representations.
      mine.forEach((unique, own) => {
        if (unique === path[1]) errors.push({ ...error, path: ['_entities', own, ...path.slice(2)] });
      });
    } else {
      errors.push(error);
    }
  }
  // Copies: the plan executor merges later fetches into these objects, per caller.
  const data = Array.isArray(entities)
    ? { ...response.data, _entities: mine.map((unique) => structuredClone(entities[unique] ?? null)) }
    : response.data;
  return { ...response, data, ...(response.errors && { errors }) };
}

/** JSON with object keys sorted, so equal values give equal keys whatever their key order. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { describe, expect, it } from 'vitest';
import type { GatewayContext } from '../../subgraphs/gateway-context';
import { BatchingDataSource, stableJson } from './batching-data-source';

type Options = GraphQLDataSourceProcessOptions<GatewayContext>;
type Rep = { __typename: string; id: string };

const QUERY = 'query($representations:[_Any!]!){_entities(representations:$representations){...on Post{body}}}';
const context: GatewayContext = { viewer: { userId: 'u1', username: 'ada' }, requestId: 'r1', clientIp: null };

const request = (representations: Rep[] | undefined, query = QUERY, extra: Record<string, unknown> = {}): Options =>
  ({
    kind: 'incoming operation',
    request: { query, variables: { ...extra, ...(representations && { representations }) } },
    context,
    incomingRequestContext: {},
  }) as unknown as Options;

/** A subgraph that answers `_entities` from its representations, and errors for ids starting with "bad". */
function fakeSubgraph() {
  const calls: Options[] = [];
  const source: GraphQLDataSource<GatewayContext> = {
    async process(options) {
      calls.push(options);
      const reps = (options.request.variables?.['representations'] ?? []) as Rep[];
      if (reps.some((rep) => rep.id === 'throw')) throw new Error('subgraph down');
      const errors = reps.flatMap((rep, index) =>
        rep.id.startsWith('bad') ? [{ message: `no ${rep.id}`, path: ['_entities', index, 'body'] }] : [],
      );
      return {
        data: { _entities: reps.map((rep) => (rep.id.startsWith('bad') ? null : { body: `body of ${rep.id}` })) },
        ...(errors.length > 0 && { errors }),
      };
    },
  };
  return { source, calls };
}

const post = (id: string): Rep => ({ __typename: 'Post', id });

describe('BatchingDataSource', () => {
  it('merges concurrent _entities fetches into one call and splits the answer back', async () => {
    const { source, calls } = fakeSubgraph();
    const batching = new BatchingDataSource(source);
    const [a, b, c] = await Promise.all([
      batching.process(request([post('1'), post('2')])),
      batching.process(request([post('2')])),
      batching.process(request([post('3'), post('1')])),
    ]);
    expect(calls).toHaveLength(1);
    // Each entity once.
    expect(calls[0]!.request.variables?.['representations']).toEqual([post('1'), post('2'), post('3')]);
    expect(a!.data).toEqual({ _entities: [{ body: 'body of 1' }, { body: 'body of 2' }] });
    expect(b!.data).toEqual({ _entities: [{ body: 'body of 2' }] });
    expect(c!.data).toEqual({ _entities: [{ body: 'body of 3' }, { body: 'body of 1' }] });
    // Callers get copies: the plan executor merges later fetches into them independently.
    expect((a!.data as any)._entities[1]).not.toBe((b!.data as any)._entities[0]);
  });

  it("re-points errors at each caller's own _entities index", async () => {
    const { source, calls } = fakeSubgraph();
    const batching = new BatchingDataSource(source);
    const [a, b] = await Promise.all([
      batching.process(request([post('1'), post('bad-x')])),
      batching.process(request([post('bad-x'), post('bad-y'), post('bad-x')])),
    ]);
    expect(calls).toHaveLength(1);
    expect(a!.errors).toEqual([{ message: 'no bad-x', path: ['_entities', 1, 'body'] }]);
    expect(b!.errors).toEqual([
      { message: 'no bad-x', path: ['_entities', 0, 'body'] },
      { message: 'no bad-x', path: ['_entities', 2, 'body'] },
      { message: 'no bad-y', path: ['_entities', 1, 'body'] },
    ]);
    expect(b!.data).toEqual({ _entities: [null, null, null] });
  });

  it('does not merge different queries or different variables, and passes other operations through', async () => {
    const { source, calls } = fakeSubgraph();
    const batching = new BatchingDataSource(source);
    await Promise.all([
      batching.process(request([post('1')])),
      batching.process(request([post('1')], `${QUERY} `)),
      batching.process(request([post('1')], QUERY, { first: 1 })),
      batching.process(request([post('1')], QUERY, { first: 2 })),
      batching.process(request(undefined, '{ post(id: "1") { id } }')),
    ]);
    expect(calls).toHaveLength(5);
    // Variable order does not matter.
    calls.length = 0;
    await Promise.all([
      batching.process(request([post('1')], QUERY, { a: 1, b: 2 })),
      batching.process(request([post('2')], QUERY, { b: 2, a: 1 })),
    ]);
    expect(calls).toHaveLength(1);
  });

  it('rejects every merged caller when the subgraph call fails', async () => {
    const { source } = fakeSubgraph();
    const batching = new BatchingDataSource(source);
    const results = await Promise.allSettled([batching.process(request([post('1')])), batching.process(request([post('throw')]))]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
  });

  it('does not hold back a lone fetch beyond one turn of the event loop', async () => {
    const { source, calls } = fakeSubgraph();
    const batching = new BatchingDataSource(source);
    expect((await batching.process(request([post('1')]))).data).toEqual({ _entities: [{ body: 'body of 1' }] });
    expect(await batching.process(request([post('2')]))).toBeDefined();
    expect(calls).toHaveLength(2);
  });

  it('stableJson sorts object keys at every level', () => {
    expect(stableJson({ b: 1, a: { d: [{ y: 1, x: 2 }], c: 2 } })).toBe('{"a":{"c":2,"d":[{"x":2,"y":1}]},"b":1}');
  });
});

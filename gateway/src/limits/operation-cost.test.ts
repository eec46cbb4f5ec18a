import { buildSchema, getOperationAST, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { fragmentsOf, operationCost } from './operation-cost';
import { LIMIT_REASONS, REQUEST_LIMITS, requestLimitPlugins } from './request-limits';

// The social graph's shape (identity + social): connections of users, paginated with `first`.
const schema = buildSchema(`
  type Query { user(username: String!): User feed(first: Int = 20, after: String): UserConnection! }
  type User { id: ID! username: String!
              following(first: Int, after: String): UserConnection!
              followers(first: Int = 50, after: String): UserConnection!
              tags: [String!]! }
  type UserConnection { edges: [UserEdge!]! }
  type UserEdge { cursor: String! node: User! }
`);

const cost = (query: string, variables?: Record<string, unknown>) => {
  const document = parse(query);
  return operationCost(schema, getOperationAST(document)!, fragmentsOf(document.definitions), { variables });
};

/** The issue's query (#15): three nested connections whose page size is a variable. */
const ISSUE_QUERY = `query($n: Int) { user(username: "x") { following(first: $n) { edges { node {
  followers(first: $n) { edges { node { following(first: $n) { edges { node { id username } } } } } } } } } } }`;

describe('operation cost', () => {
  it('counts the values of the answer: object 2 + its children, leaf 1, × the page size, no factor per level', () => {
    expect(cost('{ user(username: "x") { id username } }')).toBe(2 + 2);
    // following(first: 10) { edges { node { id } } }: node 3, edges 5, × 10.
    expect(cost('{ user(username: "x") { following(first: 10) { edges { node { id } } } } }')).toBe(2 + (2 + 5) * 10);
  });

  it('lets a 100 × 100 page through and refuses a third nested page of 100 (issue #15)', () => {
    const hundredByHundred =
      'query($u: String!) { user(username: $u) { following(first: 100) { edges { node { username followers(first: 100) { edges { node { username } } } } } } } }';
    expect(cost(hundredByHundred, { u: 'x' })).toBeLessThan(REQUEST_LIMITS.maxCost);
    expect(cost(ISSUE_QUERY, { n: 100 })).toBeGreaterThan(REQUEST_LIMITS.maxCost * 10);
  });

  it('counts a variable page size at its value, as a literal would', () => {
    const literal = cost(ISSUE_QUERY.replace('($n: Int)', '').replaceAll('$n', '100'));
    expect(cost(ISSUE_QUERY, { n: 100 })).toBe(literal);
    expect(literal).toBeGreaterThan(REQUEST_LIMITS.maxCost * 10);
  });

  it("counts a variable's declared default when it is not given", () => {
    const withDefault = ISSUE_QUERY.replace('($n: Int)', '($n: Int = 7)');
    expect(cost(withDefault, {})).toBe(cost(ISSUE_QUERY, { n: 7 }));
    expect(cost(withDefault, { n: 3 })).toBe(cost(ISSUE_QUERY, { n: 3 }));
  });

  it("counts the argument's schema default, else the subgraphs' default 20, when first is absent or null", () => {
    const followers = (args: string) => `{ user(username: "x") { followers${args} { edges { node { id } } } } }`;
    const following = (args: string) => `{ user(username: "x") { following${args} { edges { node { id } } } } }`;
    expect(cost(followers(''))).toBe(cost(followers('(first: 50)')));
    expect(cost(following(''))).toBe(cost(following('(first: 20)')));
    expect(cost(following('(first: null)'))).toBe(cost(following('(first: 20)')));
    // A variable the request does not send: the subgraph uses its default.
    expect(cost('query($n: Int) { user(username: "x") { following(first: $n) { edges { node { id } } } } }', {})).toBe(
      cost(following('(first: 20)')),
    );
    expect(cost('{ feed { edges { node { id } } } }')).toBe(cost('{ feed(first: 20) { edges { node { id } } } }'));
  });

  it('caps every page size at the page maximum (100), and counts nonsense as the maximum', () => {
    const following = (n: string) => `{ user(username: "x") { following(first: ${n}) { edges { node { id } } } } }`;
    expect(cost(following('100000'))).toBe(cost(following('100')));
    expect(cost('query($n: Int) { user(username: "x") { following(first: $n) { edges { node { id } } } } }', { n: 1e9 })).toBe(
      cost(following('100')),
    );
    expect(cost('query($n: Int) { user(username: "x") { following(first: $n) { edges { node { id } } } } }', { n: 'lots' })).toBe(
      cost(following('100')),
    );
    expect(cost(following('0'))).toBe(cost(following('1')));
  });

  it('without the variables (a validation rule), counts a variable page size as 1: a lower bound', () => {
    expect(cost(ISSUE_QUERY)).toBe(cost(ISSUE_QUERY, { n: 1 }));
  });

  it('flattens fragments: the same fields cost the same inline, in a fragment or an inline fragment', () => {
    const inline = cost('{ user(username: "x") { following(first: 30) { edges { node { id username } } } } }');
    expect(cost('{ user(username: "x") { ...F } } fragment F on User { following(first: 30) { edges { node { id username } } } }')).toBe(
      inline,
    );
    expect(
      cost(
        '{ user(username: "x") { ... on User { following(first: 30) { edges { node { ...N } } } } } } fragment N on User { id username }',
      ),
    ).toBe(inline);
    // A fragment's page sizes come from the request's variables too.
    expect(
      cost(
        'query($n: Int) { user(username: "x") { ...F } } fragment F on User { following(first: $n) { edges { node { id username } } } }',
        { n: 30 },
      ),
    ).toBe(inline);
  });

  it('costs each fragment once: fragments spread many times do not make the walk explode', () => {
    // F0 spreads F1 twice, F1 spreads F2 twice, …: 2^60 spreads if walked naively.
    const levels = 60;
    const fragments = Array.from({ length: levels }, (_, i) =>
      i === levels - 1
        ? `fragment F${i} on User { id }`
        : `fragment F${i} on User { ...F${i + 1} a: following(first: 1) { edges { node { ...F${i + 1} } } } }`,
    ).join(' ');
    const started = Date.now();
    expect(cost(`{ user(username: "x") { ...F0 } } ${fragments}`)).toBeGreaterThan(REQUEST_LIMITS.maxCost);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('ignores cyclic and unknown fragments (validation refuses them)', () => {
    expect(cost('{ user(username: "x") { ...A } } fragment A on User { id ...B } fragment B on User { ...A }')).toBe(2 + 1);
    expect(cost('{ user(username: "x") { ...Missing } }')).toBe(2);
  });

  it('gives introspection nothing and leaves counting lists without a page argument as 1', () => {
    expect(cost('{ __schema { types { name fields { name } } } }')).toBe(0);
    expect(cost('{ user(username: "x") { tags } }')).toBe(2 + 1);
  });
});

describe('the cost validation rule', () => {
  const errors = (query: string) => validate(schema, parse(query), requestLimitPlugins({ production: true }).validationRules);

  it('refuses literal page sizes over the limit, tagged REQUEST.COST_LIMIT', () => {
    const [error, ...rest] = errors(ISSUE_QUERY.replace('($n: Int)', '').replaceAll('$n', '100'));
    expect(rest).toEqual([]);
    expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: LIMIT_REASONS.cost });
    expect(error?.message).toMatch(new RegExp(`^Query cost limit of ${REQUEST_LIMITS.maxCost} exceeded, found \\d+\\.$`));
  });

  it("counts a first-less page at the argument's default: three nested pages of 50 are refused", () => {
    // followers defaults to 50 here: following(50) × followers(50) × following(50) = 125 000 nodes.
    const [error] = errors(
      '{ user(username: "x") { following(first: 50) { edges { node { followers { edges { node { following(first: 50) { edges { node { id } } } } } } } } } } }',
    );
    expect(error?.extensions.reason).toBe(LIMIT_REASONS.cost);
  });

  it('lets the variable query through validation (the plugin counts it per request)', () => {
    expect(errors(ISSUE_QUERY)).toEqual([]);
  });
});

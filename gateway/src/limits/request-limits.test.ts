import { buildSchema, getIntrospectionQuery, parse, validate, type GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { LIMIT_REASONS, REQUEST_LIMITS, requestLimitPlugins, tokenLimitError } from './request-limits';

// The shapes of the public API (docs API.md) that the limits must let through.
const schema = buildSchema(`
  type Query { feed(first: Int, after: String): PostConnection! post(id: ID!): Post user(username: String!): User }
  type User { id: ID! username: String! displayName: String avatarUrl: String bio: String followerCount: Int!
              posts(first: Int, after: String): PostConnection! }
  type Post { id: ID! body: String! visibility: String! createdAt: String! editedAt: String author: User!
              commentCount: Int! reactions: [ReactionCount!]! viewerReaction: String
              comments(first: Int, after: String): CommentConnection! }
  type Comment { id: ID! body: String! createdAt: String! author: User! reactions: [ReactionCount!]!
                 replies(first: Int, after: String): CommentConnection! }
  type ReactionCount { kind: String! count: Int! }
  type PostConnection { edges: [PostEdge!]! pageInfo: PageInfo! }
  type PostEdge { cursor: String! node: Post! }
  type CommentConnection { edges: [CommentEdge!]! pageInfo: PageInfo! }
  type CommentEdge { cursor: String! node: Comment! }
  type PageInfo { hasNextPage: Boolean! endCursor: String }
`);

const POST =
  'id body visibility createdAt editedAt author { id username displayName avatarUrl } commentCount reactions { kind count } viewerReaction';
const SCREENS = {
  'home feed, 20 posts': `{ feed(first: 20) { edges { cursor node { ${POST} } } pageInfo { hasNextPage endCursor } } }`,
  'home feed, 100 posts (page maximum)': `{ feed(first: 100) { edges { cursor node { ${POST} } } pageInfo { hasNextPage endCursor } } }`,
  'post page, 20 comments × 5 replies': `{ post(id: "p1") { ${POST} comments(first: 20) { edges { node { id body createdAt
      author { id username avatarUrl } reactions { kind count }
      replies(first: 5) { edges { node { id body author { username } } } } } } pageInfo { hasNextPage endCursor } } } }`,
  'profile with 20 posts': `{ user(username: "ada") { id username displayName bio avatarUrl followerCount
      posts(first: 20) { edges { node { ${POST} } } pageInfo { hasNextPage endCursor } } } }`,
};

const limitErrors = (query: string): readonly GraphQLError[] =>
  validate(schema, parse(query), requestLimitPlugins({ production: true }).validationRules);

describe('request limits', () => {
  it.each(Object.entries(SCREENS))('let the real screen "%s" through', (_name, query) => {
    expect(limitErrors(query)).toEqual([]);
  });

  it('let a connection of 100 nested in a connection of 100 through (10 000 nodes, issue #15)', () => {
    expect(
      limitErrors(
        `{ feed(first: 100) { edges { node { comments(first: 100) { edges { node { ${'id body createdAt author { username }'} } } } } } } }`,
      ),
    ).toEqual([]);
  });

  it('refuse a third connection of 100 nested in those (cost)', () => {
    const errors = limitErrors(
      `{ feed(first: 100) { edges { node { comments(first: 100) { edges { node { replies(first: 100) { edges { node { id body } } } } } } } } } }`,
    );
    expect(errors.map((e) => e.extensions.reason)).toEqual([LIMIT_REASONS.cost]);
  });

  it("refuse graphql-cop's field duplication (500 × __typename) once, and let a few repeats and the introspection query through", () => {
    const errors = limitErrors(`{ ${'__typename '.repeat(500)} }`);
    expect(errors.map((e) => [e.extensions.code, e.extensions.reason])).toEqual([['BAD_USER_INPUT', LIMIT_REASONS.fieldRepeats]]);
    expect(limitErrors(`{ me { id } ${'__typename '.repeat(REQUEST_LIMITS.maxFieldRepeats)} }`)).toEqual([]);
    expect(limitErrors('query($a: Boolean!) { me { id @include(if: $a) id @skip(if: $a) } }')).toEqual([]);
    expect(limitErrors(`{ a: __typename b: __typename c: __typename d: __typename }`)).toEqual([]);
    expect(limitErrors(getIntrospectionQuery())).toEqual([]);
  });

  it('tag each rejection with a REQUEST.* reason and BAD_USER_INPUT', () => {
    const deep = `{ post(id: "p") { ${'author { posts { edges { node { '.repeat(3)}id${' } } } }'.repeat(3)} } }`;
    const [error] = limitErrors(deep);
    expect(error?.extensions).toEqual({ code: 'BAD_USER_INPUT', reason: LIMIT_REASONS.depth });
  });

  it('leave the introspection query Sandbox sends well under the token limit', () => {
    const { parseOptions } = requestLimitPlugins({ production: false });
    expect(() => parse(getIntrospectionQuery(), parseOptions)).not.toThrow();
    expect(() => parse(`{ ${'__typename '.repeat(REQUEST_LIMITS.maxTokens)} }`, parseOptions)).toThrow(/tokens/);
  });

  it('recognise the parser token-limit error, and only it', () => {
    let message = '';
    try {
      parse(`{ ${'a '.repeat(REQUEST_LIMITS.maxTokens)} }`, requestLimitPlugins({ production: false }).parseOptions);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(tokenLimitError(message)).toEqual({
      message: `Syntax Error: Token limit of ${REQUEST_LIMITS.maxTokens} exceeded.`,
      reason: LIMIT_REASONS.tokens,
    });
    expect(tokenLimitError('Syntax Error: Expected Name, found "}".')).toBeUndefined();
  });
});

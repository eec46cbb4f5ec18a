import { readFileSync } from 'node:fs';
import { inspectSdl } from '@agora/testing';
import { describe, expect, it } from 'vitest';

const sdl = readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8');
const { signatures, printed, undescribed, fieldsWithout } = inspectSdl(sdl);
const directivesOf = printed;

describe('schema.graphql', () => {
  it("implements API.md's social section exactly (plus renameCircle)", () => {
    const page = '(first: Int, after: String): UserConnection!';
    expect(signatures('User')).toEqual({
      id: ': ID!',
      followers: page,
      following: page,
      followerCount: ': Int!',
      followingCount: ': Int!',
      viewerFollows: ': Boolean!',
      viewerBlocked: ': Boolean!',
    });
    expect(signatures('Circle')).toEqual({ id: ': ID!', name: ': String!', members: page });
    expect(signatures('Query')).toEqual({ myCircles: ': [Circle!]!' });
    expect(signatures('Mutation')).toEqual({
      follow: '(input: UserRefInput!): User!',
      unfollow: '(input: UserRefInput!): User!',
      block: '(input: UserRefInput!): User!',
      unblock: '(input: UserRefInput!): User!',
      createCircle: '(input: CreateCircleInput!): Circle!',
      renameCircle: '(input: RenameCircleInput!): Circle!',
      addToCircle: '(input: CircleMemberInput!): Circle!',
      removeFromCircle: '(input: CircleMemberInput!): Circle!',
      deleteCircle: '(input: DeleteCircleInput!): Boolean!',
    });
    expect(signatures('UserRefInput')).toEqual({ userId: ': ID!' });
    expect(signatures('CreateCircleInput')).toEqual({ name: ': String!' });
    expect(signatures('RenameCircleInput')).toEqual({ circleId: ': ID!', name: ': String!' });
    expect(signatures('CircleMemberInput')).toEqual({ circleId: ': ID!', userId: ': ID!' });
    expect(signatures('DeleteCircleInput')).toEqual({ circleId: ': ID!' });
    expect(signatures('UserConnection')).toEqual({ edges: ': [UserEdge!]!', pageInfo: ': PageInfo!' });
    expect(signatures('UserEdge')).toEqual({ cursor: ': String!', node: ': User!' });
    expect(signatures('PageInfo')).toEqual({
      hasNextPage: ': Boolean!',
      hasPreviousPage: ': Boolean!',
      startCursor: ': String',
      endCursor: ': String',
    });
  });

  it('declares the federation keys, a PageInfo identical to the other subgraphs, and @auth on every mutation and myCircles', () => {
    expect(directivesOf('User')).toMatch(/^type User @key\(fields: "id"\)/m);
    expect(directivesOf('Circle')).toMatch(/^type Circle @key\(fields: "id"\)/m);
    // Shared with every subgraph that has connections (posts…): composition needs it identical.
    expect(directivesOf('PageInfo')).toBe(
      [
        '"Where a page ends; identical in every subgraph."',
        'type PageInfo @shareable {',
        '  "Whether more items follow this page."',
        '  hasNextPage: Boolean!',
        '  "Whether items precede this page (pages are read forwards: true when the page starts after a cursor)."',
        '  hasPreviousPage: Boolean!',
        '  "Cursor of the first edge of this page; null when the page is empty."',
        '  startCursor: String',
        '  "Cursor of the last edge of this page; null when the page is empty."',
        '  endCursor: String',
        '}',
      ].join('\n'),
    );
    for (const root of ['Mutation', 'Query']) expect(fieldsWithout(root, 'auth')).toEqual([]);
    expect(sdl).toMatch(/^extend schema @link\(url: "https:\/\/specs\.apollo\.dev\/federation\/v2\.7", import: \["@key", "@shareable"\]\)/);
    expect(sdl).toContain('directive @auth on FIELD_DEFINITION | OBJECT');
  });

  it('describes every type, field and argument', () => {
    expect(undescribed()).toEqual([]);
  });
});

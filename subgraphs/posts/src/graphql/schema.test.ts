import { readFileSync } from 'node:fs';
import { Kind } from 'graphql';
import { inspectSdl } from '@agora/testing';
import { describe, expect, it } from 'vitest';

const sdl = readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8');
const { definitions, byName, signatures, printed } = inspectSdl(sdl);

describe('schema.graphql', () => {
  it('implements the posts section of API.md and the event-sourced Post fields of its Social domain section exactly', () => {
    expect(signatures('Post')).toEqual({
      id: ': ID!',
      author: ': User!',
      body: ': String!',
      visibility: ': Visibility!',
      createdAt: ': DateTime!',
      editedAt: ': DateTime',
      version: ': Int!',
      revisions: ': [PostRevision!]!',
      commentsDisabled: ': Boolean!',
      // API.md, moderation (#12): set for a post a moderator removed (only its author and moderators see it).
      removedAt: ': DateTime',
    });
    expect(signatures('PostRevision')).toEqual({ version: ': Int!', body: ': String!', at: ': DateTime!' });
    expect(signatures('User')).toEqual({ id: ': ID!', posts: '(first: Int, after: String): PostConnection!' });
    expect(signatures('Query')).toEqual({ post: '(id: ID!): Post', posts: '(first: Int, after: String): PostConnection!' });
    expect(signatures('Mutation')).toEqual({
      createPost: '(input: CreatePostInput!): Post!',
      editPost: '(input: EditPostInput!): Post!',
      deletePost: '(input: DeletePostInput!): Boolean!',
      changePostVisibility: '(input: ChangePostVisibilityInput!): Post!',
      setPostCommentsDisabled: '(input: SetPostCommentsDisabledInput!): Post!',
    });
    expect(signatures('CreatePostInput')).toEqual({
      body: ': String!',
      visibility: ': Visibility = PUBLIC',
      circleIds: ': [ID!]',
      commentsDisabled: ': Boolean = false',
      // API.md, third step (media): posts takes the ids; media serves Post.attachments.
      attachmentIds: ': [ID!]',
    });
    expect(signatures('ChangePostVisibilityInput')).toEqual({
      id: ': ID!',
      visibility: ': Visibility!',
      circleIds: ': [ID!]',
      expectedVersion: ': Int',
    });
    expect(signatures('SetPostCommentsDisabledInput')).toEqual({ id: ': ID!', disabled: ': Boolean!', expectedVersion: ': Int' });
    expect(signatures('EditPostInput')).toEqual({ id: ': ID!', body: ': String!', expectedVersion: ': Int' });
    expect(signatures('DeletePostInput')).toEqual({ id: ': ID!' });
    expect(signatures('PostConnection')).toEqual({ edges: ': [PostEdge!]!', pageInfo: ': PageInfo!' });
    expect(signatures('PostEdge')).toEqual({ cursor: ': String!', node: ': Post!' });
    expect(signatures('PageInfo')).toEqual({
      hasNextPage: ': Boolean!',
      hasPreviousPage: ': Boolean!',
      startCursor: ': String',
      endCursor: ': String',
    });
    const visibility = byName('Visibility');
    expect(visibility?.kind === Kind.ENUM_TYPE_DEFINITION && visibility.values?.map((v) => v.name.value)).toEqual([
      'PUBLIC',
      'FOLLOWERS',
      'CIRCLE',
    ]);
  });

  it('declares the federation keys, the shareable PageInfo / PostConnection / PostEdge (the feed returns them too) and @auth on every mutation', () => {
    const directives = printed;
    expect(directives('Post')).toMatch(/^type Post @key\(fields: "id"\)/m);
    expect(directives('User')).toMatch(/^type User @key\(fields: "id"\)/m);
    expect(directives('PageInfo')).toMatch(/^type PageInfo @shareable/m);
    expect(directives('PostConnection')).toMatch(/^type PostConnection @shareable/m);
    expect(directives('PostEdge')).toMatch(/^type PostEdge @shareable/m);
    const mutation = byName('Mutation');
    const fields = mutation && 'fields' in mutation ? (mutation.fields ?? []) : [];
    expect(fields.map((f) => f.directives?.map((d) => d.name.value))).toEqual([['auth'], ['auth'], ['auth'], ['auth'], ['auth']]);
    expect(sdl).toMatch(/^extend schema @link\(url: "https:\/\/specs\.apollo\.dev\/federation\/v2\.7", import: \["@key", "@shareable"\]\)/);
    expect(sdl).toContain('directive @auth on FIELD_DEFINITION | OBJECT');
  });

  it('describes every type, field, argument and enum value', () => {
    const missing: string[] = [];
    for (const def of definitions) {
      if (def.kind === Kind.DIRECTIVE_DEFINITION) continue;
      // Root operation types are shared by every subgraph: a per-subgraph description would only
      // conflict in composition. Their fields are described.
      const isRoot = def.name.value === 'Query' || def.name.value === 'Mutation';
      if (!isRoot && (!('description' in def) || !def.description)) missing.push(def.name.value);
      if ('fields' in def) {
        for (const field of def.fields ?? []) {
          if (!field.description) missing.push(`${def.name.value}.${field.name.value}`);
          for (const arg of ('arguments' in field ? field.arguments : undefined) ?? []) {
            if (!arg.description) missing.push(`${def.name.value}.${field.name.value}(${arg.name.value})`);
          }
        }
      }
      if ('values' in def)
        for (const value of def.values ?? []) if (!value.description) missing.push(`${def.name.value}.${value.name.value}`);
    }
    expect(missing).toEqual([]);
  });
});

import { readFileSync } from 'node:fs';
import { inspectSdl } from '@agora/testing';
import { describe, expect, it } from 'vitest';

const sdl = readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8');
const postsSdl = readFileSync(new URL('../../../posts/src/graphql/schema.graphql', import.meta.url), 'utf8');
const { byName, signatures, printed, undescribed } = inspectSdl(sdl);

describe('schema.graphql', () => {
  it("implements API.md's comments section exactly (plus Query.comment)", () => {
    const page = '(first: Int, after: String): CommentConnection!';
    expect(signatures('Comment')).toEqual({
      id: ': ID!',
      post: ': Post!',
      author: ': User!',
      body: ': String!',
      createdAt: ': DateTime!',
      removedAt: ': DateTime',
      parent: ': Comment',
      replies: page,
    });
    expect(signatures('Post')).toEqual({ id: ': ID!', comments: page, commentCount: ': Int!' });
    expect(signatures('User')).toEqual({ id: ': ID!' });
    expect(signatures('Query')).toEqual({ comment: '(id: ID!): Comment' });
    expect(signatures('Mutation')).toEqual({
      addComment: '(input: AddCommentInput!): Comment!',
      deleteComment: '(input: DeleteCommentInput!): Boolean!',
    });
    expect(signatures('AddCommentInput')).toEqual({ postId: ': ID!', body: ': String!', parentId: ': ID' });
    expect(signatures('DeleteCommentInput')).toEqual({ id: ': ID!' });
    expect(signatures('CommentConnection')).toEqual({ edges: ': [CommentEdge!]!', pageInfo: ': PageInfo!' });
    expect(signatures('CommentEdge')).toEqual({ cursor: ': String!', node: ': Comment!' });
  });

  it('declares the federation keys, @auth on both mutations, and PageInfo / DateTime identical to posts', () => {
    expect(printed('Comment')).toMatch(/^type Comment @key\(fields: "id"\)/m);
    expect(printed('Post')).toMatch(/^type Post @key\(fields: "id"\)/m);
    expect(printed('User')).toMatch(/^type User @key\(fields: "id", resolvable: false\)/m);
    const posts = inspectSdl(postsSdl);
    // Shared with every subgraph: composition needs them identical (descriptions included, or it hints).
    expect(printed('PageInfo')).toBe(posts.printed('PageInfo'));
    expect(printed('DateTime')).toBe(posts.printed('DateTime'));
    const descriptionOf = (def: ReturnType<typeof byName>) => (def && 'description' in def ? def.description?.value : undefined);
    expect(descriptionOf(byName('Post'))).toBe(descriptionOf(posts.byName('Post')));
    const mutation = byName('Mutation');
    const fields = mutation && 'fields' in mutation ? (mutation.fields ?? []) : [];
    expect(fields.map((f) => f.directives?.map((d) => d.name.value))).toEqual([['auth'], ['auth']]);
    expect(sdl).toMatch(/^extend schema @link\(url: "https:\/\/specs\.apollo\.dev\/federation\/v2\.7", import: \["@key", "@shareable"\]\)/);
    expect(sdl).toContain('directive @auth on FIELD_DEFINITION | OBJECT');
  });

  it('describes every type, field and argument', () => {
    expect(undescribed()).toEqual([]);
  });
});

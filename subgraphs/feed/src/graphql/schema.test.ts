import { readFileSync } from 'node:fs';
import { Kind, parse, print, type DefinitionNode } from 'graphql';
import { inspectSdl } from '@agora/testing';
import { describe, expect, it } from 'vitest';

const sdl = readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8');
const { signatures, printed, undescribed } = inspectSdl(sdl);

/**
 * The posts subgraph's SDL: the feed returns its `PostConnection` / `PostEdge` / `PageInfo`
 * (shareable value types) and references its `Post`, so names, types AND descriptions must be
 * identical. Read as a file (the published schema, like the gateway does), never imported.
 */
const postsSdl = readFileSync(new URL('../../../posts/src/graphql/schema.graphql', import.meta.url), 'utf8');

/** A type's description and each field's `description name(args): type`, directives left out. */
function shape(source: string, typeName: string, only?: string[]) {
  const def = parse(source).definitions.find((d: DefinitionNode) => 'name' in d && d.name?.value === typeName);
  if (!def || def.kind !== Kind.OBJECT_TYPE_DEFINITION) throw new Error(`${typeName} is not an object type`);
  return {
    description: def.description?.value,
    fields: (def.fields ?? [])
      .filter((f) => !only || only.includes(f.name.value))
      .map((f) => `${f.description?.value} ${print({ ...f, description: undefined, directives: [] })}`),
  };
}

describe('schema.graphql', () => {
  it('implements the feed section of API.md exactly', () => {
    expect(signatures('Query')).toEqual({ feed: '(first: Int, after: String): PostConnection!' });
    expect(signatures('Post')).toEqual({ id: ': ID!' });
    expect(signatures('PostConnection')).toEqual({ edges: ': [PostEdge!]!', pageInfo: ': PageInfo!' });
    expect(signatures('PostEdge')).toEqual({ cursor: ': String!', node: ': Post!' });
    expect(signatures('PageInfo')).toEqual({
      hasNextPage: ': Boolean!',
      hasPreviousPage: ': Boolean!',
      startCursor: ': String',
      endCursor: ': String',
    });
  });

  it('references Post without resolving it, shares the page types, and needs a viewer for feed', () => {
    expect(printed('Post')).toMatch(/^type Post @key\(fields: "id", resolvable: false\)/m);
    expect(printed('PostConnection')).toMatch(/^type PostConnection @shareable/m);
    expect(printed('PostEdge')).toMatch(/^type PostEdge @shareable/m);
    expect(printed('PageInfo')).toMatch(/^type PageInfo @shareable/m);
    expect(printed('Query')).toMatch(/feed\(.*\): PostConnection! @auth/s);
    expect(sdl).toMatch(/^extend schema @link\(url: "https:\/\/specs\.apollo\.dev\/federation\/v2\.7", import: \["@key", "@shareable"\]\)/);
    expect(sdl).toContain('directive @auth on FIELD_DEFINITION | OBJECT');
  });

  it('has the same names, types and descriptions as the posts subgraph for the types they share', () => {
    for (const type of ['PostConnection', 'PostEdge', 'PageInfo']) expect(shape(sdl, type), type).toEqual(shape(postsSdl, type));
    expect(shape(sdl, 'Post')).toEqual(shape(postsSdl, 'Post', ['id']));
  });

  it('describes every type, field and argument', () => {
    expect(undescribed()).toEqual([]);
  });
});

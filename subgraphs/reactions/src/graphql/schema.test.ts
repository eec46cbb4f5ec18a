import { readFileSync } from 'node:fs';
import { inspectSdl } from '@agora/testing';
import { describe, expect, it } from 'vitest';

const sdl = readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8');
const { definitions, byName, signatures, printed, undescribed, fieldsWithout } = inspectSdl(sdl);

describe('schema.graphql', () => {
  it("implements API.md's reactions section exactly", () => {
    const subject = { id: ': ID!', reactions: ': [ReactionCount!]!', viewerReaction: ': ReactionKind' };
    expect(signatures('Post')).toEqual(subject);
    expect(signatures('Comment')).toEqual(subject);
    expect(signatures('ReactionCount')).toEqual({ kind: ': ReactionKind!', count: ': Int!' });
    expect(signatures('Mutation')).toEqual({ react: '(input: ReactInput!): Boolean!', unreact: '(input: UnreactInput!): Boolean!' });
    expect(signatures('ReactInput')).toEqual({ subjectId: ': ID!', kind: ': ReactionKind!' });
    expect(signatures('UnreactInput')).toEqual({ subjectId: ': ID!' });
    const kinds = byName('ReactionKind');
    expect(kinds && 'values' in kinds ? kinds.values?.map((value) => value.name.value) : []).toEqual([
      'LIKE',
      'LOVE',
      'LAUGH',
      'WOW',
      'SAD',
      'ANGRY',
    ]);
  });

  it('declares the federation keys and @auth on every mutation', () => {
    expect(printed('Post')).toMatch(/^type Post @key\(fields: "id"\)/m);
    expect(printed('Comment')).toMatch(/^type Comment @key\(fields: "id"\)/m);
    expect(fieldsWithout('Mutation', 'auth')).toEqual([]);
    expect(sdl).toMatch(/^extend schema @link\(url: "https:\/\/specs\.apollo\.dev\/federation\/v2\.7", import: \["@key"\]\)/);
    expect(sdl).toContain('directive @auth on FIELD_DEFINITION | OBJECT');
  });

  it('describes every type, field, argument and enum value', () => {
    const enumValues = definitions.flatMap((def) =>
      'values' in def
        ? (def.values ?? []).filter((value) => !value.description).map((value) => `${def.name.value}.${value.name.value}`)
        : [],
    );
    expect([...undescribed(), ...enumValues]).toEqual([]);
  });
});

import { readFileSync } from 'node:fs';
import { Kind } from 'graphql';
import { inspectSdl } from '@agora/testing';
import { describe, expect, it } from 'vitest';

const sdl = readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8');
const { definitions, byName, signatures, printed } = inspectSdl(sdl);

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
    expect(kinds && 'values' in kinds ? kinds.values?.map((value) => value.name.value) : []).toEqual(['LIKE', 'LOVE', 'LAUGH', 'WOW', 'SAD', 'ANGRY']);
  });

  it('declares the federation keys and @auth on every mutation', () => {
    expect(printed('Post')).toMatch(/^type Post @key\(fields: "id"\)/m);
    expect(printed('Comment')).toMatch(/^type Comment @key\(fields: "id"\)/m);
    const mutation = byName('Mutation');
    const fields = mutation && 'fields' in mutation ? (mutation.fields ?? []) : [];
    expect(fields.every((field) => field.directives?.some((directive) => directive.name.value === 'auth'))).toBe(true);
    expect(sdl).toMatch(/^extend schema @link\(url: "https:\/\/specs\.apollo\.dev\/federation\/v2\.7", import: \["@key"\]\)/);
    expect(sdl).toContain('directive @auth on FIELD_DEFINITION | OBJECT');
  });

  it('describes every type, field, argument and enum value', () => {
    const missing: string[] = [];
    for (const def of definitions) {
      if (def.kind === Kind.DIRECTIVE_DEFINITION) continue;
      if (def.name.value !== 'Mutation' && (!('description' in def) || !def.description)) missing.push(def.name.value);
      if ('values' in def) for (const value of def.values ?? []) if (!value.description) missing.push(`${def.name.value}.${value.name.value}`);
      if ('fields' in def) {
        for (const field of def.fields ?? []) {
          if (!field.description) missing.push(`${def.name.value}.${field.name.value}`);
          for (const arg of ('arguments' in field ? field.arguments : undefined) ?? []) {
            if (!arg.description) missing.push(`${def.name.value}.${field.name.value}(${arg.name.value})`);
          }
        }
      }
    }
    expect(missing).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { inspectSdl } from './sdl';

const SDL = `
directive @auth on FIELD_DEFINITION
"A thing." type Thing { "Its id." id: ID! name(upper: Boolean): String }
type Query { thing("Which." id: ID!): Thing @auth things: [Thing!]! }
enum Kind { A }
`;

describe('inspectSdl', () => {
  it('lists what has no description (types, fields, arguments), roots and directives exempt', () => {
    expect(inspectSdl(SDL).undescribed()).toEqual(['Thing.name', 'Thing.name(upper)', 'Query.thing', 'Query.things', 'Kind', 'Kind.A']);
  });

  it('lists the root fields that lack a directive', () => {
    expect(inspectSdl(SDL).fieldsWithout('Query', 'auth')).toEqual(['things']);
    expect(inspectSdl(SDL).fieldsWithout('Mutation', 'auth')).toEqual([]);
  });
});

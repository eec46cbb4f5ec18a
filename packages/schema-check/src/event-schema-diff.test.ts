import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { diffEventSchemas } from './event-schema-diff';

const json = (schema: z.ZodType) => z.toJSONSchema(schema);
const changes = (before: z.ZodType, after: z.ZodType) =>
  diffEventSchemas(json(before), json(after)).map(({ type, level, path }) => `${level} ${type} ${path}`);

const base = z.object({
  id: z.uuid(),
  body: z.string(),
  tags: z.array(z.string()),
  visibility: z.enum(['PUBLIC', 'FOLLOWERS']),
  author: z.object({ id: z.uuid(), name: z.string().nullable() }),
  note: z.string().optional(),
});

describe('diffEventSchemas', () => {
  it('finds nothing between identical schemas', () => {
    expect(changes(base, base)).toEqual([]);
  });

  it('treats a removed field as breaking, also when nested', () => {
    expect(changes(base, base.omit({ body: true }))).toEqual(['breaking FIELD_REMOVED body']);
    expect(changes(base, base.extend({ author: z.object({ id: z.uuid() }) }))).toEqual(['breaking FIELD_REMOVED author.name']);
  });

  it('treats added fields as breaking when required and safe when optional', () => {
    expect(changes(base, base.extend({ edited: z.boolean() }))).toEqual(['breaking REQUIRED_FIELD_ADDED edited']);
    expect(changes(base, base.extend({ edited: z.boolean().optional() }))).toEqual(['safe OPTIONAL_FIELD_ADDED edited']);
  });

  it('treats type and nullability changes as breaking, inside arrays too', () => {
    expect(changes(base, base.extend({ body: z.number() }))).toEqual(['breaking FIELD_TYPE_CHANGED body']);
    expect(changes(base, base.extend({ body: z.string().nullable() }))).toEqual(['breaking FIELD_TYPE_CHANGED body']);
    expect(changes(base, base.extend({ author: z.object({ id: z.uuid(), name: z.string() }) }))).toEqual([
      'breaking FIELD_TYPE_CHANGED author.name',
    ]);
    expect(changes(base, base.extend({ tags: z.array(z.number()) }))).toEqual(['breaking FIELD_TYPE_CHANGED tags[]']);
  });

  it('treats required ↔ optional as breaking in both directions', () => {
    expect(changes(base, base.extend({ body: z.string().optional() }))).toEqual(['breaking FIELD_MADE_OPTIONAL body']);
    expect(changes(base, base.extend({ note: z.string() }))).toEqual(['breaking FIELD_MADE_REQUIRED note']);
  });

  it('treats a removed enum value as breaking and an added one as dangerous', () => {
    expect(changes(base, base.extend({ visibility: z.enum(['PUBLIC']) }))).toEqual(['breaking ENUM_VALUE_REMOVED visibility']);
    expect(changes(base, base.extend({ visibility: z.enum(['PUBLIC', 'FOLLOWERS', 'CIRCLE']) }))).toEqual([
      'dangerous ENUM_VALUE_ADDED visibility',
    ]);
  });

  it('treats constraint changes as dangerous and description changes as nothing', () => {
    expect(changes(base, base.extend({ body: z.string().max(10) }))).toEqual(['dangerous CONSTRAINT_CHANGED body']);
    expect(changes(base, base.extend({ body: z.string().describe('The text.') }))).toEqual([]);
  });

  it('words messages for the event author', () => {
    const [change] = diffEventSchemas(json(base), json(base.extend({ body: z.number() })));
    expect(change?.message).toBe("'body' changed type from string to number");
  });
});

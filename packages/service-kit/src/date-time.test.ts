import { Kind } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DateTimeScalar } from './date-time';

describe('DateTimeScalar', () => {
  it('serialises Dates and date-like values as ISO-8601 UTC with milliseconds', () => {
    expect(DateTimeScalar.serialize(new Date('2026-01-02T03:04:05Z'))).toBe('2026-01-02T03:04:05.000Z');
    expect(DateTimeScalar.serialize('2026-01-02T04:04:05+01:00')).toBe('2026-01-02T03:04:05.000Z');
    expect(() => DateTimeScalar.serialize('not a date')).toThrow(/invalid date/);
  });

  it('parses only full ISO-8601 instants, refusing the rest as BAD_USER_INPUT', () => {
    expect(DateTimeScalar.parseValue('2026-01-02T03:04:05.678Z')).toEqual(new Date('2026-01-02T03:04:05.678Z'));
    expect(DateTimeScalar.parseLiteral({ kind: Kind.STRING, value: '2026-01-02T03:04:05+02:00' })).toEqual(
      new Date('2026-01-02T01:04:05Z'),
    );
    for (const bad of ['2026-01-02', 'yesterday', 1767322800000, null]) {
      expect(() => DateTimeScalar.parseValue(bad)).toThrow(expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT' } }));
    }
    expect(() => DateTimeScalar.parseLiteral({ kind: Kind.INT, value: '1' })).toThrow(/ISO-8601/);
  });
});

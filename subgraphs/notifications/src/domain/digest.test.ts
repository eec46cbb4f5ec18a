import { describe, expect, it } from 'vitest';
import { digestPeriod, digestWindowStart } from './digest';

describe('digestPeriod', () => {
  it('is the UTC day for DAILY', () => {
    expect(digestPeriod('DAILY', new Date('2026-03-04T23:59:59.999Z'))).toEqual({
      start: new Date('2026-03-04T00:00:00.000Z'),
      end: new Date('2026-03-05T00:00:00.000Z'),
    });
  });

  it('is the ISO week starting Monday for WEEKLY, Sunday included in the week before', () => {
    // 2026-03-02 is a Monday.
    const week = { start: new Date('2026-03-02T00:00:00.000Z'), end: new Date('2026-03-09T00:00:00.000Z') };
    expect(digestPeriod('WEEKLY', new Date('2026-03-02T00:00:00.000Z'))).toEqual(week);
    expect(digestPeriod('WEEKLY', new Date('2026-03-08T23:00:00.000Z'))).toEqual(week);
    expect(digestPeriod('WEEKLY', new Date('2026-03-09T00:00:00.000Z')).start).toEqual(new Date('2026-03-09T00:00:00.000Z'));
  });

  it('covers what came since the previous digest, or since the period start', () => {
    const start = new Date('2026-03-02T00:00:00.000Z');
    const previous = new Date('2026-03-01T00:10:00.000Z');
    expect(digestWindowStart(start, previous)).toEqual(previous);
    expect(digestWindowStart(start, null)).toEqual(start);
  });
});

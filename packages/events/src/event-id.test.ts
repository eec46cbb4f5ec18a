import { describe, expect, it } from 'vitest';
import { validate, version } from 'uuid';
import { newEventId } from './event-id';

describe('newEventId', () => {
  it('returns valid version 7 UUIDs', () => {
    const id = newEventId();
    expect(validate(id)).toBe(true);
    expect(version(id)).toBe(7);
  });

  it('returns ids that sort in creation order, even within one millisecond', () => {
    const ids = Array.from({ length: 2000 }, () => newEventId());
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('encodes the creation time in the first 48 bits', () => {
    const before = Date.now();
    const id = newEventId();
    const after = Date.now();
    const millis = parseInt(id.replace(/-/g, '').slice(0, 12), 16);
    expect(millis).toBeGreaterThanOrEqual(before);
    expect(millis).toBeLessThanOrEqual(after);
  });
});

import { describe, expect, it } from 'vitest';
import { suspensionInForce } from './suspension';

const at = (iso: string) => new Date(iso);
const now = at('2026-12-02T12:00:00.000Z');

describe('suspensionInForce', () => {
  it('is null without a recorded suspension', () => {
    expect(suspensionInForce({ suspendedAt: null, suspendedUntil: null }, now)).toBeNull();
  });
  it('holds indefinitely when until is null', () => {
    expect(suspensionInForce({ suspendedAt: at('2026-12-01T00:00:00.000Z'), suspendedUntil: null }, now)).toEqual({ until: null });
  });
  it('holds until the end, and no longer from the end on', () => {
    const facts = { suspendedAt: at('2026-12-01T00:00:00.000Z'), suspendedUntil: at('2026-12-03T00:00:00.000Z') };
    expect(suspensionInForce(facts, now)).toEqual({ until: facts.suspendedUntil });
    expect(suspensionInForce(facts, facts.suspendedUntil)).toBeNull();
    expect(suspensionInForce({ ...facts, suspendedUntil: at('2026-12-02T11:59:59.999Z') }, now)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { checkCanSuspend, INDEFINITE, isActive, suspendedUntil, suspensionEnd } from './suspension';

const now = new Date('2026-03-01T12:00:00.000Z');

describe('suspensionEnd', () => {
  it('is indefinite without days, `days` later otherwise (1–3650)', () => {
    expect(suspensionEnd(now, undefined)).toBeNull();
    expect(suspensionEnd(now, null)).toBeNull();
    expect(suspensionEnd(now, 1)).toEqual(new Date('2026-03-02T12:00:00.000Z'));
    expect(suspensionEnd(now, 3650)).not.toBeNull();
  });
  it.each([0, -1, 1.5, 3651])('refuses %s days (BAD_USER_INPUT MODERATION.INVALID_DAYS on the field)', (days) => {
    expect(() => suspensionEnd(now, days, 'suspendDays')).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', reason: 'MODERATION.INVALID_DAYS', field: 'suspendDays' }),
    );
  });
});

describe('checkCanSuspend', () => {
  const cannot = expect.objectContaining({ code: 'FORBIDDEN', reason: 'MODERATION.CANNOT_SUSPEND' });
  it('nobody suspends themself', () => {
    expect(() => checkCanSuspend({ id: 'a', role: 'ADMIN' }, { id: 'a', role: 'ADMIN' })).toThrow(cannot);
    expect(() => checkCanSuspend({ id: 'm', role: 'MODERATOR' }, { id: 'm', role: 'MODERATOR' })).toThrow(cannot);
  });
  it('a moderator suspends members only; an admin anyone else', () => {
    expect(() => checkCanSuspend({ id: 'm', role: 'MODERATOR' }, { id: 'x', role: 'MEMBER' })).not.toThrow();
    expect(() => checkCanSuspend({ id: 'm', role: 'MODERATOR' }, { id: 'x', role: 'MODERATOR' })).toThrow(cannot);
    expect(() => checkCanSuspend({ id: 'm', role: 'MODERATOR' }, { id: 'x', role: 'ADMIN' })).toThrow(cannot);
    expect(() => checkCanSuspend({ id: 'a', role: 'ADMIN' }, { id: 'x', role: 'MODERATOR' })).not.toThrow();
    expect(() => checkCanSuspend({ id: 'a', role: 'ADMIN' }, { id: 'x', role: 'ADMIN' })).not.toThrow();
  });
});

describe('suspendedUntil', () => {
  it('answers the end while in force, INDEFINITE for an open-ended one, null when none or expired', () => {
    const end = new Date(now.getTime() + 1000);
    expect(suspendedUntil({ until: end }, now)).toEqual(end);
    expect(suspendedUntil({ until: null }, now)).toEqual(INDEFINITE);
    expect(INDEFINITE.toISOString()).toBe('9999-12-31T23:59:59.000Z');
    expect(suspendedUntil(null, now)).toBeNull();
    expect(suspendedUntil({ until: now }, now)).toBeNull();
    expect(isActive({ until: new Date(now.getTime() - 1) }, now)).toBe(false);
  });
});

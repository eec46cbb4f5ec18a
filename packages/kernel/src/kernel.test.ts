import { describe, expect, it } from 'vitest';
import { canonicalUuid, chunks, DomainError, isUuid } from './index';

describe('kernel', () => {
  it('splits a list into slices of at most the given size', () => {
    expect(chunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunks([], 3)).toEqual([]);
    expect(() => chunks([1], 0)).toThrow(RangeError);
  });

  it('spells a UUID one way, lower case, and recognises one', () => {
    expect(canonicalUuid('0190F0C2-7A3B-7C4D-8E5F-AABBCCDDEEFF')).toBe('0190f0c2-7a3b-7c4d-8e5f-aabbccddeeff');
    expect(isUuid('0190F0C2-7A3B-7C4D-8E5F-AABBCCDDEEFF')).toBe(true);
    expect(isUuid('not-a-uuid')).toBe(false);
  });

  it('carries code, reason and field on an expected error', () => {
    const error = new DomainError('NOT_FOUND', 'SOCIAL.USER_NOT_FOUND', 'No such user', 'userId');
    expect(error).toBeInstanceOf(Error);
    expect({ code: error.code, reason: error.reason, field: error.field, message: error.message }).toEqual({
      code: 'NOT_FOUND',
      reason: 'SOCIAL.USER_NOT_FOUND',
      field: 'userId',
      message: 'No such user',
    });
  });

  it('carries a whole number of seconds to retry after, when told', () => {
    expect(new DomainError('RATE_LIMITED', 'IDENTITY.TOO_MANY_ATTEMPTS', 'Slow down', undefined, { retryAfter: 2.1 }).retryAfter).toBe(3);
    expect(new DomainError('RATE_LIMITED', 'IDENTITY.TOO_MANY_ATTEMPTS', 'Slow down', undefined, { retryAfter: 0.2 }).retryAfter).toBe(1);
    expect(new DomainError('NOT_FOUND', 'SOCIAL.USER_NOT_FOUND', 'No such user').retryAfter).toBeUndefined();
  });
});

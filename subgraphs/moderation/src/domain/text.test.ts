import { describe, expect, it } from 'vitest';
import { MAX_NOTE_LENGTH, optionalNote, requiredNote } from './text';

describe('notes and reasons (the kernel user-text rule, 500 code points)', () => {
  it('trims; empty or absent is null', () => {
    expect(optionalNote('  hi  ')).toBe('hi');
    expect(optionalNote('   ')).toBeNull();
    expect(optionalNote(undefined)).toBeNull();
    expect(optionalNote(null)).toBeNull();
  });
  it('counts code points: 500 emoji pass, 501 characters do not', () => {
    expect(optionalNote('😀'.repeat(MAX_NOTE_LENGTH))).toHaveLength(1000);
    expect(() => optionalNote('x'.repeat(501))).toThrow(expect.objectContaining({ reason: 'MODERATION.TEXT_TOO_LONG', field: 'note' }));
  });
  it('refuses control and bidi-override characters with a MODERATION reason on the field', () => {
    expect(() => optionalNote('a\u202Eb')).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', reason: 'MODERATION.BIDI_CONTROL' }));
    expect(() => optionalNote('a\u0007b', 'reason')).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'reason' }));
  });
  it('a required reason must not be empty', () => {
    expect(() => requiredNote('  ', 'reason')).toThrow(expect.objectContaining({ reason: 'MODERATION.TEXT_REQUIRED', field: 'reason' }));
    expect(requiredNote(' spam ', 'reason')).toBe('spam');
  });
});

import { describe, expect, it } from 'vitest';
import { circleNameKey, circleNameSchema } from './circle-name';

describe('circle name', () => {
  it('is trimmed', () => {
    expect(circleNameSchema.parse('  Close friends \n')).toBe('Close friends');
  });

  it('rejects a name that is blank once trimmed', () => {
    expect(circleNameSchema.safeParse('').success).toBe(false);
    expect(circleNameSchema.safeParse(' \t ').success).toBe(false);
  });

  it('accepts 50 characters and rejects 51, counting code points', () => {
    expect(circleNameSchema.safeParse('a'.repeat(50)).success).toBe(true);
    expect(circleNameSchema.safeParse('a'.repeat(51)).success).toBe(false);
    expect(circleNameSchema.safeParse('🙂'.repeat(50)).success).toBe(true);
    expect(circleNameSchema.safeParse('🙂'.repeat(51)).success).toBe(false);
  });

  it('compares names ignoring case and Unicode composition', () => {
    expect(circleNameKey('Close Friends')).toBe(circleNameKey('close friends'));
    // "é" precomposed vs "e" + combining acute accent.
    expect(circleNameKey('Caf\u00e9')).toBe(circleNameKey('Cafe\u0301'));
    expect(circleNameKey('Family')).not.toBe(circleNameKey('Friends'));
  });
});

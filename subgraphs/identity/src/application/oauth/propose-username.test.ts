import { describe, expect, it } from 'vitest';
import { usernameSchema } from '../../domain/account/username';
import { normaliseUsername, usernameBase, usernameCandidates } from './propose-username';

describe('normaliseUsername', () => {
  it.each([
    ['octocat', 'octocat'],
    ['Ana-María', 'ana_maria'],
    ['José Núñez', 'jose_nunez'],
    ['  --ana..b--  ', 'ana_b'],
    ['jo', 'jo_'],
    ['x'.repeat(40), 'x'.repeat(30)],
    [`${'a'.repeat(29)}-b`, 'a'.repeat(29)],
  ])('%j → %j', (raw, expected) => {
    expect(normaliseUsername(raw)).toBe(expected);
  });

  it.each(['', '---', '李小龍'])('has nothing usable in %j', (raw) => {
    expect(normaliseUsername(raw)).toBeNull();
  });
});

describe('usernameBase', () => {
  it('takes the first usable hint, else user', () => {
    expect(usernameBase(['李', 'Ana Lima', 'ana@example.com'])).toBe('ana_lima');
    expect(usernameBase([])).toBe('user');
  });
});

describe('usernameCandidates', () => {
  it('starts with the base, then numeric suffixes that keep within 30 characters', () => {
    const long = usernameSchema.parse('x'.repeat(30));
    const candidates = usernameCandidates(long, 0, () => 0);
    expect(candidates[0]).toBe(long);
    expect(candidates[1]).toBe(`${'x'.repeat(29)}2`);
    expect(candidates.at(-1)).toBe(`${'x'.repeat(26)}1000`);
    for (const candidate of candidates) expect(usernameSchema.safeParse(candidate).success).toBe(true);
  });

  it('tries only random suffixes on a retry', () => {
    const candidates = usernameCandidates(usernameSchema.parse('ana'), 1, () => 0.5);
    expect(candidates).toEqual(['ana5500']);
  });
});

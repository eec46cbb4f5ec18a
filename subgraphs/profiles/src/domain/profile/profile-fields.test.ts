import { describe, expect, it } from 'vitest';
import { avatarUrlSchema, bioSchema, displayNameSchema } from './profile-fields';

describe('display name', () => {
  it('is trimmed', () => {
    expect(displayNameSchema.parse('  Ada Lovelace \n')).toBe('Ada Lovelace');
  });

  it('rejects a name that is blank once trimmed', () => {
    expect(displayNameSchema.safeParse('').success).toBe(false);
    expect(displayNameSchema.safeParse('   ').success).toBe(false);
  });

  it('accepts 50 characters and rejects 51, counting code points', () => {
    expect(displayNameSchema.safeParse('a'.repeat(50)).success).toBe(true);
    expect(displayNameSchema.safeParse('a'.repeat(51)).success).toBe(false);
    // 50 emoji are 100 UTF-16 units but 50 characters.
    expect(displayNameSchema.safeParse('🙂'.repeat(50)).success).toBe(true);
    expect(displayNameSchema.safeParse('🙂'.repeat(51)).success).toBe(false);
  });
});

describe('bio', () => {
  it('accepts 500 characters and rejects 501', () => {
    expect(bioSchema.safeParse('b'.repeat(500)).success).toBe(true);
    expect(bioSchema.safeParse('b'.repeat(501)).success).toBe(false);
  });

  it('treats a blank bio as no bio', () => {
    expect(bioSchema.parse('  \n ')).toBeNull();
  });

  it('keeps inner line breaks and trims the ends', () => {
    expect(bioSchema.parse('\n first line\nsecond line  ')).toBe('first line\nsecond line');
  });
});

describe('avatar URL', () => {
  it.each(['https://cdn.example.com/a.png', 'http://localhost:3000/me.jpg', 'https://example.com/a?b=c#d'])('accepts %s', (url) => {
    expect(avatarUrlSchema.parse(url)).toBe(url);
  });

  it.each(['javascript:alert(1)', 'ftp://example.com/a.png', 'data:image/png;base64,AAAA', 'not a url', '', '/relative.png'])(
    'rejects %s',
    (url) => {
      expect(avatarUrlSchema.safeParse(url).success).toBe(false);
    },
  );

  it('accepts 2048 characters and rejects 2049', () => {
    const base = 'https://example.com/';
    expect(avatarUrlSchema.safeParse(base + 'a'.repeat(2048 - base.length)).success).toBe(true);
    expect(avatarUrlSchema.safeParse(base + 'a'.repeat(2049 - base.length)).success).toBe(false);
  });
});

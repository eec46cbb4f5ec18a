import { describe, expect, it } from 'vitest';
import { commentBody, MAX_COMMENT_LENGTH } from './comment-body';

describe('commentBody', () => {
  it('trims the text', () => {
    expect(commentBody('  nice post \n')).toBe('nice post');
  });

  it('accepts 1 and 2000 characters, counting code points (an emoji is one)', () => {
    expect(commentBody('a')).toBe('a');
    expect(commentBody('x'.repeat(MAX_COMMENT_LENGTH))).toHaveLength(2000);
    const emojis = '😀'.repeat(MAX_COMMENT_LENGTH);
    expect(commentBody(emojis)).toBe(emojis); // 4000 UTF-16 units, 2000 characters
  });

  it.each([
    ['empty', '', 'COMMENTS.BODY_EMPTY'],
    ['only whitespace', ' \n\t\u00a0\u2003 ', 'COMMENTS.BODY_EMPTY'],
    ['2001 characters', 'x'.repeat(2001), 'COMMENTS.BODY_TOO_LONG'],
    ['2001 emoji', '😀'.repeat(2001), 'COMMENTS.BODY_TOO_LONG'],
  ])('refuses %s with BAD_USER_INPUT on field body', (_label, raw, reason) => {
    expect(() => commentBody(raw)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', reason, field: 'body' }));
  });

  it('measures after trimming', () => {
    expect(commentBody(`  ${'x'.repeat(MAX_COMMENT_LENGTH)}  `)).toHaveLength(2000);
  });
});

import { describe, expect, it } from 'vitest';
import { DomainError } from './expected-error';
import { normalizeUserText, requireUserText, userTextProblem } from './user-text';

describe('user text', () => {
  it('accepts ordinary text in any script, emoji and the LRM/RLM marks', () => {
    for (const text of ['Hello, world', 'Ünïcødé', 'שלום עולם\u200F!', 'مرحبا 123', '👩‍👩‍👧 family', 'a\u200Eb', '  spaced  ']) {
      expect(userTextProblem(text)).toBeUndefined();
    }
  });

  it('refuses C0, DEL and C1 controls; multi-line fields allow only \\n and \\t', () => {
    for (const ch of ['\u0000', '\u0007', '\u001B', '\u007F', '\u0085', '\u009F', '\r', '\u000B', '\u000C']) {
      expect(userTextProblem(`a${ch}b`, { multiline: true })).toBe('CONTROL_CHARACTER');
      expect(userTextProblem(`a${ch}b`)).toBe('CONTROL_CHARACTER');
    }
    expect(userTextProblem('line one\nline\ttwo', { multiline: true })).toBeUndefined();
    expect(userTextProblem('line one\nline two')).toBe('CONTROL_CHARACTER');
    expect(userTextProblem('tab\there')).toBe('CONTROL_CHARACTER');
  });

  it('refuses bidi embeddings, overrides and isolates', () => {
    for (const ch of ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069']) {
      expect(userTextProblem(`admin${ch}txt.exe`)).toBe('BIDI_CONTROL');
    }
  });

  it('refuses text that is only invisible characters and whitespace, but leaves blank text to each field', () => {
    for (const text of [
      '\u200B',
      '\u200B\u200C\u200D',
      ' \u2060 ',
      '\uFEFF',
      '\u00AD',
      '\u180E',
      '\u3164',
      '\u2800',
      '\u200E\u200F',
      '\uFE0F',
    ]) {
      expect(userTextProblem(text)).toBe('INVISIBLE_TEXT');
    }
    expect(userTextProblem('')).toBeUndefined();
    expect(userTextProblem('   ')).toBeUndefined();
    expect(userTextProblem('a\u200Bb')).toBeUndefined();
  });

  it('normalises to NFC and folds CRLF in multi-line text', () => {
    expect(normalizeUserText('e\u0301')).toBe('\u00E9');
    expect(normalizeUserText('a\r\nb', { multiline: true })).toBe('a\nb');
    expect(normalizeUserText('a\r\nb')).toBe('a\r\nb');
  });

  it('requireUserText throws BAD_USER_INPUT with <CONTEXT>.<PROBLEM> and the field', () => {
    expect(requireUserText('e\u0301\r\nx', { context: 'posts', field: 'body', multiline: true })).toBe('\u00E9\nx');
    let caught: unknown;
    try {
      requireUserText('hi\u202Ethere', { context: 'posts', field: 'body', multiline: true });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DomainError);
    expect(caught).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'POSTS.BIDI_CONTROL', field: 'body' });
  });
});

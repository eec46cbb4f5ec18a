import { describe, expect, it } from 'vitest';
import { emailSchema } from './email';
import { parseLoginIdentifier, throttleKeyOf } from './login';
import { newPasswordSchema, PASSWORD_RULE } from './password';
import { USERNAME_RULE, usernameSchema } from './username';

const firstMessage = (result: { success: boolean; error?: { issues: { message: string }[] } }) => result.error?.issues[0]?.message;

describe('email', () => {
  it('is stored trimmed and lowercased', () => {
    expect(emailSchema.parse('  Ana@Example.COM ')).toBe('ana@example.com');
  });

  it.each(['', 'ana', 'ana@', '@example.com', 'ana@example', 'a b@example.com'])('rejects %j', (raw) => {
    expect(emailSchema.safeParse(raw).success).toBe(false);
  });

  it('accepts 254 characters and rejects 255', () => {
    const at254 = `${'a'.repeat(254 - '@example.com'.length)}@example.com`;
    expect(emailSchema.safeParse(at254).success).toBe(true);
    const result = emailSchema.safeParse(`a${at254}`);
    expect(firstMessage(result)).toBe('Email must be at most 254 characters.');
  });
});

describe('username', () => {
  it.each(['abc', 'a_1', 'x'.repeat(30), '___'])('accepts %j', (raw) => {
    expect(usernameSchema.parse(raw)).toBe(raw);
  });

  it.each(['ab', 'x'.repeat(31), 'Ana', 'ana-b', 'ana.b', 'anä', 'an a', ''])('rejects %j with the rule', (raw) => {
    expect(firstMessage(usernameSchema.safeParse(raw))).toBe(USERNAME_RULE);
  });
});

describe('new password', () => {
  it('accepts 8 and 128 characters', () => {
    expect(newPasswordSchema.safeParse('x'.repeat(8)).success).toBe(true);
    expect(newPasswordSchema.safeParse('x'.repeat(128)).success).toBe(true);
  });

  it.each([7, 129])('rejects %i characters with the rule', (length) => {
    expect(firstMessage(newPasswordSchema.safeParse('x'.repeat(length)))).toBe(PASSWORD_RULE);
  });
});

describe('login identifier', () => {
  it('is an email when it contains @, lowercased', () => {
    expect(parseLoginIdentifier(' Ana@Example.com ')).toEqual({ kind: 'email', email: 'ana@example.com' });
  });

  it('is a username otherwise, lowercased', () => {
    expect(parseLoginIdentifier('Ana_1')).toEqual({ kind: 'username', username: 'ana_1' });
  });

  it('throttles different spellings of the same login under one key', () => {
    expect(throttleKeyOf(parseLoginIdentifier(' ANA '))).toBe(throttleKeyOf(parseLoginIdentifier('ana')));
    expect(throttleKeyOf(parseLoginIdentifier('ana'))).not.toBe(throttleKeyOf(parseLoginIdentifier('ana@x.io')));
  });
});

import { describe, expect, it } from 'vitest';
import { HmacUnsubscribeTokens } from './unsubscribe-tokens';

const ACCOUNT = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';

describe('HmacUnsubscribeTokens', () => {
  const tokens = new HmacUnsubscribeTokens('s'.repeat(40));

  it('verifies its own tokens: whose and which setting', () => {
    expect(tokens.verify(tokens.sign(ACCOUNT, 'emailOnComment'))).toEqual({ accountId: ACCOUNT, setting: 'emailOnComment' });
    expect(tokens.verify(tokens.sign(ACCOUNT, 'digest'))).toEqual({ accountId: ACCOUNT, setting: 'digest' });
  });

  it('refuses a token of another secret, a changed payload, a cut signature and garbage', () => {
    const token = tokens.sign(ACCOUNT, 'emailOnComment');
    expect(new HmacUnsubscribeTokens('t'.repeat(40)).verify(token)).toBeNull();
    const [, signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ accountId: ACCOUNT, setting: 'digest' })).toString('base64url');
    expect(tokens.verify(`${forged}.${signature}`)).toBeNull();
    expect(tokens.verify(token.slice(0, -4))).toBeNull();
    expect(tokens.verify(`${token}.x`)).toBeNull();
    expect(tokens.verify('')).toBeNull();
    expect(tokens.verify('not a token')).toBeNull();
  });

  it('refuses a signed payload that names no setting', () => {
    const signer = tokens as unknown as { mac(payload: string): Buffer };
    const payload = Buffer.from(JSON.stringify({ accountId: ACCOUNT, setting: 'everything' })).toString('base64url');
    expect(tokens.verify(`${payload}.${signer.mac(payload).toString('base64url')}`)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { linksIn, publicLink } from './links';
import { extraHeaders, messageIdFor } from './message';

describe('mail messages', () => {
  it('derives the Message-ID from the row id', () => {
    expect(messageIdFor('0190b5a4-0000-7000-8000-000000000001')).toBe('<0190b5a4-0000-7000-8000-000000000001@agora>');
  });

  it('keeps extra headers, drops the ones the worker sets and any line breaks', () => {
    expect(
      extraHeaders({
        'List-Unsubscribe': '<http://x/u?t=1>',
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        'message-id': '<spoof@x>',
        From: 'evil@x',
        'X-Injected': 'a\r\nBcc: victim@x',
        'Bad Name': 'x',
      }),
    ).toEqual({
      'List-Unsubscribe': '<http://x/u?t=1>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'X-Injected': 'a Bcc: victim@x',
    });
  });
});

describe('publicLink', () => {
  it('joins the public origin, the path and the encoded query', () => {
    expect(publicLink({ publicUrl: 'http://localhost:4000' }, '/account/verify-email', { token: 'a+b/c=' })).toBe(
      'http://localhost:4000/account/verify-email?token=a%2Bb%2Fc%3D',
    );
  });

  it('keeps a path prefix of the public URL, with or without a trailing slash', () => {
    expect(publicLink({ publicUrl: 'https://example.com/agora' }, '/notifications/unsubscribe', { token: 't' })).toBe(
      'https://example.com/agora/notifications/unsubscribe?token=t',
    );
    expect(publicLink({ publicUrl: 'https://example.com/agora/' }, 'account/reset-password')).toBe(
      'https://example.com/agora/account/reset-password',
    );
  });

  it('finds the links in a text once each', () => {
    expect(linksIn('Open http://localhost:4000/a?token=1 or (https://x.test/b).\nAgain http://localhost:4000/a?token=1')).toEqual([
      'http://localhost:4000/a?token=1',
      'https://x.test/b',
    ]);
  });
});

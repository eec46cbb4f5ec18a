import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { canonicalUuid, isUuid } from '@agora/kernel';
import { isEmailSetting, type EmailSetting } from '../domain/settings';
import type { UnsubscribeTokens } from '../application/ports';

/** HKDF `info` of the key: unsubscribe tokens cannot be confused with anything else signed with the internal secret. */
export const UNSUBSCRIBE_KEY_INFO = 'agora/notifications/unsubscribe';

/**
 * Unsubscribe link tokens: `base64url(JSON {accountId, setting})` `.` `base64url(HMAC-SHA256)`,
 * the key derived from AGORA_INTERNAL_SECRET with HKDF-SHA256 (info
 * `agora/notifications/unsubscribe`). Stateless and without expiry — an unsubscribe link must keep
 * working (RFC 8058) — and harmless: all it can do is turn one of that person's mails off.
 */
export class HmacUnsubscribeTokens implements UnsubscribeTokens {
  private readonly key: Buffer;

  constructor(internalSecret: string) {
    this.key = Buffer.from(hkdfSync('sha256', internalSecret, Buffer.alloc(0), UNSUBSCRIBE_KEY_INFO, 32));
  }

  sign(accountId: string, setting: EmailSetting): string {
    const payload = Buffer.from(JSON.stringify({ accountId, setting })).toString('base64url');
    return `${payload}.${this.mac(payload).toString('base64url')}`;
  }

  verify(token: string): { accountId: string; setting: EmailSetting } | null {
    const [payload, signature, ...rest] = token.split('.');
    if (!payload || !signature || rest.length > 0) return null;
    const given = Buffer.from(signature, 'base64url');
    const expected = this.mac(payload);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    try {
      const parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { accountId?: unknown; setting?: unknown };
      if (typeof parsed.accountId !== 'string' || !isUuid(parsed.accountId) || !isEmailSetting(parsed.setting)) return null;
      return { accountId: canonicalUuid(parsed.accountId), setting: parsed.setting };
    } catch {
      return null;
    }
  }

  private mac(payload: string): Buffer {
    return createHmac('sha256', this.key).update(payload).digest();
  }
}

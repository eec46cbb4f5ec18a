import { publicLink, type MailSettings } from '@agora/mail';
import type { MailLinks } from '../application/ports';
import type { HmacUnsubscribeTokens } from './unsubscribe-tokens';

/**
 * Links in notification mail, on AGORA_PUBLIC_URL: the notifications page, and
 * `/notifications/unsubscribe?token=…` (the gateway's fallback page shows a button there and
 * accepts the RFC 8058 one-click POST; a GET never unsubscribes, mail scanners prefetch links).
 */
export function mailLinks(settings: MailSettings, tokens: HmacUnsubscribeTokens): MailLinks {
  return {
    notifications: () => publicLink(settings, '/notifications', {}),
    unsubscribe: (accountId, setting) => publicLink(settings, '/notifications/unsubscribe', { token: tokens.sign(accountId, setting) }),
  };
}

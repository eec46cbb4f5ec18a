import { defineCommand } from '@agora/context-runtime';
import { z } from 'zod';
import { NotificationsError } from '../../domain/notifications.errors';
import { DEFAULT_SETTINGS, unsubscribed } from '../../domain/settings';
import type { NotificationScope } from '../ports';

/**
 * unsubscribeEmail: the token of a mail's unsubscribe link says whose settings and which switch
 * (or the digest); that switch goes off (the digest to NEVER). No sign-in needed: the token is
 * signed by this deployment (HMAC), and anything else is BAD_USER_INPUT
 * NOTIFICATIONS.UNSUBSCRIBE_TOKEN_INVALID on `token`. Idempotent: a second use changes nothing
 * and answers true again.
 */
export const unsubscribeEmail = defineCommand({
  name: 'unsubscribeEmail',
  input: z.object({ token: z.string() }),
  viewer: 'optional',
  async handle({ input, now }, { unsubscribeTokens, settings }: NotificationScope): Promise<boolean> {
    const target = unsubscribeTokens.verify(input.token);
    if (!target) throw NotificationsError.unsubscribeTokenInvalid();
    const current = (await settings.of([target.accountId])).get(target.accountId) ?? DEFAULT_SETTINGS;
    const next = unsubscribed(current, target.setting);
    if (next[target.setting] !== current[target.setting]) await settings.save(target.accountId, next, now);
    return true;
  },
});

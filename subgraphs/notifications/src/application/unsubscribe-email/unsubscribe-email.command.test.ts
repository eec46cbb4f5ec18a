import { rejection } from '@agora/context-runtime/testing';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../domain/settings';
import { aPerson } from '../testing/events.mother';
import { asViewer, handlersMother } from '../testing/handlers.mother';

/** The in-memory links' token (the real one is signed): `<accountId>:<setting>`. */
const tokenFor = (accountId: string, setting: string) => `${accountId}:${setting}`;
const anonymous = (token: string) => ({ viewer: null, input: { token }, requestId: 'r' });

describe('UnsubscribeEmail', () => {
  it('turns the token’s switch off without a sign-in, and is idempotent', async () => {
    const { handlers, store } = handlersMother();
    const ann = aPerson('ann');

    expect(await handlers.unsubscribe.execute(anonymous(tokenFor(ann.userId, 'emailOnComment')))).toBe(true);
    expect(await handlers.unsubscribe.execute(anonymous(tokenFor(ann.userId, 'emailOnComment')))).toBe(true);

    expect(store.settings.get(ann.userId)).toMatchObject({ ...DEFAULT_SETTINGS, emailOnComment: false });
  });

  it('a digest token sets the digest to NEVER and leaves the switches alone', async () => {
    const { handlers, store } = handlersMother();
    const ann = aPerson('ann');
    await handlers.updateSettings.execute(asViewer(ann.userId, { digest: 'WEEKLY', emailOnReaction: true }));

    expect(await handlers.unsubscribe.execute(anonymous(tokenFor(ann.userId, 'digest')))).toBe(true);

    expect(store.settings.get(ann.userId)).toMatchObject({ ...DEFAULT_SETTINGS, emailOnReaction: true, digest: 'NEVER' });
  });

  it('refuses a token it cannot verify: BAD_USER_INPUT on `token`, nothing written', async () => {
    const { handlers, store } = handlersMother();
    const error = await rejection(handlers.unsubscribe.execute(anonymous('forged')));
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NOTIFICATIONS.UNSUBSCRIBE_TOKEN_INVALID', field: 'token' });
    expect(store.settings.size).toBe(0);
  });
});

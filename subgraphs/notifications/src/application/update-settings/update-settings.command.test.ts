import { rejection } from '@agora/context-runtime/testing';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../domain/settings';
import { aPerson } from '../testing/events.mother';
import { asViewer, handlersMother } from '../testing/handlers.mother';

describe('UpdateSettings', () => {
  it('changes only the given fields over the defaults and returns them all; null keeps a value', async () => {
    const { handlers, store } = handlersMother();
    const ann = aPerson('ann');

    const first = await handlers.updateSettings.execute(asViewer(ann.userId, { emailOnFollow: true, digest: 'DAILY' }));
    expect(first).toEqual({ ...DEFAULT_SETTINGS, emailOnFollow: true, digest: 'DAILY' });

    const second = await handlers.updateSettings.execute(asViewer(ann.userId, { emailOnComment: false, digest: null }));
    expect(second).toEqual({ ...DEFAULT_SETTINGS, emailOnFollow: true, emailOnComment: false, digest: 'DAILY' });
    expect(store.settings.get(ann.userId)).toMatchObject(second);
  });

  it('is for a signed-in viewer only, and refuses an unknown digest', async () => {
    const { handlers } = handlersMother();
    expect(await rejection(handlers.updateSettings.execute({ viewer: null, input: {}, requestId: 'r' }))).toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    expect(await rejection(handlers.updateSettings.execute(asViewer(aPerson().userId, { digest: 'HOURLY' })))).toMatchObject({
      code: 'BAD_USER_INPUT',
    });
  });
});

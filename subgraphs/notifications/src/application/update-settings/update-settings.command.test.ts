import { createCommandPipeline, uuidV7 } from '@agora/context-runtime';
import { rejection } from '@agora/context-runtime/testing';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../domain/settings';
import { markNotificationsSeen } from '../mark-notifications-seen/mark-notifications-seen.command';
import { updateSettings } from './update-settings.command';
import type { NotificationScope } from '../ports';
import { aPerson } from '../testing/events.mother';
import { InMemoryUnitOfWork } from '../testing/in-memory-unit-of-work';
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

  it('is allowed to an unverified viewer when AUTH_REQUIRE_VERIFIED_EMAIL is on (other commands are refused)', async () => {
    const store = new InMemoryUnitOfWork();
    const commands = createCommandPipeline<NotificationScope>({
      context: 'NOTIFICATIONS',
      unitOfWork: store,
      clock: { now: () => new Date('2026-03-02T00:00:00.000Z') },
      ids: uuidV7,
      requireVerifiedEmail: true,
    });
    const ann = aPerson('ann');
    const unverified = (input: unknown) => ({
      viewer: { userId: ann.userId, username: ann.username, emailVerified: false },
      input,
      requestId: 'r',
    });

    expect(await commands.execute(updateSettings, unverified({ emailOnComment: false }))).toEqual({
      ...DEFAULT_SETTINGS,
      emailOnComment: false,
    });
    expect(await rejection(commands.execute(markNotificationsSeen, unverified({})))).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'IDENTITY.EMAIL_NOT_VERIFIED',
    });
  });
});

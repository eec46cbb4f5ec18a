import { defineCommand } from '@agora/context-runtime';
import { z } from 'zod';
import { changedSettings, DEFAULT_SETTINGS, EMAIL_DIGESTS, type NotificationSettings } from '../../domain/settings';
import type { NotificationScope } from '../ports';

/** `UpdateSettingsInput` as GraphQL delivers it: an omitted or null field keeps its value. */
const input = z.object({
  emailOnFollow: z.boolean().nullish(),
  emailOnComment: z.boolean().nullish(),
  emailOnReaction: z.boolean().nullish(),
  emailOnMention: z.boolean().nullish(),
  digest: z.enum(EMAIL_DIGESTS).nullish(),
});

/**
 * updateSettings: changes the viewer's email notification settings (a partial update over their
 * current ones, or the defaults) and returns them all. Allowed to an unverified viewer too: one
 * must be able to turn mail off whatever the state of one's address.
 */
export const updateSettings = defineCommand({
  name: 'updateSettings',
  input,
  viewer: 'required',
  allowUnverifiedEmail: true,
  async handle({ input: change, actor, now }, { settings }: NotificationScope): Promise<NotificationSettings> {
    const current = (await settings.of([actor.id])).get(actor.id) ?? DEFAULT_SETTINGS;
    const next = changedSettings(current, {
      emailOnFollow: change.emailOnFollow ?? undefined,
      emailOnComment: change.emailOnComment ?? undefined,
      emailOnReaction: change.emailOnReaction ?? undefined,
      emailOnMention: change.emailOnMention ?? undefined,
      digest: change.digest ?? undefined,
    });
    await settings.save(actor.id, next, now);
    return next;
  },
});

import { defineCommand } from '@agora/context-runtime';
import { profileImageCandidate, type ProfileSlot } from '../domain/media-item/media-item';
import { mediaRefInputSchema } from './inputs';
import type { TransactionScope } from './ports';
import type { UserRef } from './views';

/**
 * `setAvatar` / `setBanner`: one of the viewer's READY images fills the slot (replacing what was
 * there) and media.profile-image.changed.v1 carries the slot's new state. Returns the viewer.
 */
export const profileImageCommand = (name: string, slot: ProfileSlot) =>
  defineCommand({
    name,
    input: mediaRefInputSchema,
    viewer: 'required',
    async handle({ input, actor, metadata, now }, { media, profileImages, outbox }: TransactionScope): Promise<UserRef> {
      const item = profileImageCandidate(await media.findForUpdate(input.id), actor.id);
      await profileImages.set(actor.id, slot, item.id, now);
      await outbox.append([{ type: 'ProfileImageChanged', userId: actor.id, slot, mediaId: item.id, at: now }], metadata);
      return { id: actor.id };
    },
  });

import { defineCommand } from '@agora/context-runtime';
import { ownedBy } from '../../domain/media-item/media-item';
import { mediaRefInputSchema } from '../inputs';
import type { TransactionScope } from '../ports';
import { removeMedia } from '../remove-media';

/**
 * `deleteMedia`: the owner deletes an item in any state. Its album entries and attachments go
 * with it, an avatar or banner showing it is cleared (media.profile-image.changed.v1 with null),
 * media.item.deleted.v1 is written, and its files are removed after the commit.
 */
export const deleteMedia = defineCommand({
  name: 'deleteMedia',
  input: mediaRefInputSchema,
  viewer: 'required',
  async handle({ input, actor, metadata, now }, scope: TransactionScope): Promise<boolean> {
    const item = ownedBy(await scope.media.findForUpdate(input.id), actor.id);
    await removeMedia(scope, [item], metadata, now);
    return true;
  },
});

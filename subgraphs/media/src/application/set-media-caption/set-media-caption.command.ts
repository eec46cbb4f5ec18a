import { defineCommand } from '@agora/context-runtime';
import { captionOf, ownedBy } from '../../domain/media-item/media-item';
import { setMediaCaptionInputSchema } from '../inputs';
import type { TransactionScope } from '../ports';
import type { MediaItemView } from '../views';

/** `setMediaCaption`: the owner sets (≤ 2200 characters, trimmed) or clears (null, empty) an item's caption. */
export const setMediaCaption = defineCommand({
  name: 'setMediaCaption',
  input: setMediaCaptionInputSchema,
  viewer: 'required',
  async handle({ input, actor }, { media }: TransactionScope): Promise<MediaItemView> {
    const caption = captionOf(input.caption);
    const item = ownedBy(await media.findForUpdate(input.id), actor.id);
    await media.setCaption(item.id, caption);
    return { ...item, caption };
  },
});

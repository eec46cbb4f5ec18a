import { defineConsumer } from '@agora/context-runtime';
import { PostDeletedV1 } from '@agora/events';
import type { MediaItemState } from '../../domain/media-item/media-item';
import type { TransactionScope } from '../ports';
import { removeMedia } from '../remove-media';

/**
 * posts.post.deleted.v1 → the post's attachments are removed, and the items that were used only
 * there (in no album, no other post, no avatar or banner) are deleted with media.item.deleted.v1,
 * their files removed after the commit. The deletion is recorded in the post's access row first
 * (locking it), so an attachment can never be recorded after this ran.
 */
export const detachMediaOnPostDeleted = defineConsumer({
  name: 'DetachMediaOnPostDeleted',
  contract: PostDeletedV1,
  async handle({ payload: { postId, authorId } }, scope: TransactionScope, { metadata, now }) {
    await scope.posts.recordDeletion(postId, authorId);
    const detached = await scope.attachments.detachPost(postId);
    if (detached.length === 0) return;
    // Lock the items first (in id order): addToAlbum and setAvatar lock the item too, so "used
    // nowhere else" cannot change between the check and the deletion.
    const locked = new Map<string, MediaItemState>();
    for (const mediaId of [...detached].sort()) {
      const item = await scope.media.findForUpdate(mediaId);
      if (item) locked.set(mediaId, item);
    }
    const unused = await scope.media.unused([...locked.keys()]);
    await removeMedia(
      scope,
      unused.map((id) => locked.get(id)!),
      metadata,
      now,
    );
  },
});

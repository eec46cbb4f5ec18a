import type { PostAccessChange, SocialChange } from '@agora/audience';
import type { TimelineStore } from './timeline-store';

/*
 * The feed's projection: what each replicated fact does to the timeline. The live consumers run
 * these inside their inbox transaction (one event, one transaction); the rebuild runs the very
 * same functions for every event of the SOCIAL and POSTS streams.
 *
 * Facts that only matter to visibility (blocks, circle memberships, deleted circles, a post's
 * audience or comment setting) are only recorded: the read query applies them. A block removes
 * timeline rows through the follow-removed events social sends with it.
 */

/** Follow created or removed (any version, stale ones included): lock the followee, record, re-derive the pair's rows. */
export async function projectSocialChange(store: TimelineStore, change: SocialChange): Promise<void> {
  if (change.kind !== 'follow') {
    await store.recordSocialChange(change);
    return;
  }
  await store.lockAuthor(change.followeeId);
  await store.recordSocialChange(change);
  await store.syncFollow(change.followerId, change.followeeId);
}

/**
 * A post published: lock its author, record, fan out. A post deleted: lock, record (terminal),
 * drop its rows. Any other access change (visibility, comments): record only.
 */
export async function projectPostAccessChange(store: TimelineStore, change: PostAccessChange): Promise<void> {
  if (change.kind === 'deleted') {
    await store.lockAuthor(change.authorId);
    await store.recordPostAccess(change);
    await store.removePost(change.postId);
    return;
  }
  if (change.publishedAt !== undefined) {
    await store.lockAuthor(change.authorId);
    await store.recordPostAccess(change);
    await store.fanOutPost(change.postId);
    return;
  }
  await store.recordPostAccess(change);
}

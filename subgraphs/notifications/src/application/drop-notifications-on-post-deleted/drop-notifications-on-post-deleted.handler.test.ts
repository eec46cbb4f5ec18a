import { describe, expect, it } from 'vitest';
import {
  accountRegistered,
  aPerson,
  commentAdded,
  commentDeleted,
  commentOf,
  postDeleted,
  postOf,
  postPublished,
  reactionSet,
} from '../testing/events.mother';
import { handlersMother } from '../testing/handlers.mother';

describe('DropNotificationsOnPostDeleted / DropNotificationsOnCommentDeleted', () => {
  const [ann, bob, cat, dan] = [aPerson('ann'), aPerson('bob'), aPerson('cat'), aPerson('dan')];

  it('a deleted post takes every notification and pending mention about it (its comments too) with it', async () => {
    const { store, on, seenBy } = handlersMother();
    await on.accountRegistered(accountRegistered(ann));
    await on.accountRegistered(accountRegistered(cat));
    const published = postPublished(ann, `@${cat.username}`);
    const post = postOf(published, ann);
    const other = postOf(postPublished(ann, 'other'), ann);
    await on.postPublished(published);
    const comment = commentAdded(post, bob, `@${dan.username}`);
    await on.commentAdded(comment);
    await on.reactionSet(reactionSet(cat, { post, comment: commentOf(comment, bob) }));
    await on.reactionSet(reactionSet(bob, { post: other }));
    expect(store.notifications).toHaveLength(4);
    expect(store.pending.size).toBe(1);

    await on.postDeleted(postDeleted(post));

    expect(store.notifications.map((n) => n.postId)).toEqual([other.postId]);
    expect(store.pending.size).toBe(0);
    expect(seenBy(cat.userId)).toEqual([]);
  });

  it('deleted comments take the notifications about them, and later events about them create nothing', async () => {
    const { store, on, seenBy } = handlersMother();
    const post = postOf(postPublished(ann, 'hello'), ann);
    const top = commentAdded(post, bob, 'top');
    const reply = commentAdded(post, cat, 'reply', { parent: commentOf(top, bob) });
    const keep = commentAdded(post, dan, 'keep');
    await on.commentAdded(top);
    await on.commentAdded(keep);

    await on.commentDeleted(commentDeleted(post, commentOf(top, bob), [top.payload.commentId, reply.payload.commentId]));
    // The reply arrives after the deletion that removed it.
    await on.commentAdded(reply);

    expect(seenBy(ann.userId)).toEqual([['COMMENTED', dan.userId, post.postId, keep.payload.commentId]]);
    expect(seenBy(bob.userId)).toEqual([]);
    expect(store.locks.at(-2)).toEqual({ mode: 'exclusive', keys: { commentIds: [top.payload.commentId, reply.payload.commentId] } });
  });
});

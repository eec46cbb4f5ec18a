import { describe, expect, it } from 'vitest';
import { accountRegistered, aPerson, commentAdded, commentOf, postDeleted, postOf, postPublished } from '../testing/events.mother';
import { handlersMother } from '../testing/handlers.mother';

describe('NotifyOnCommentAdded', () => {
  it('notifies the post author of a comment, and the parent and post authors of a reply', async () => {
    const { on, seenBy } = handlersMother();
    const [ann, bob, cat] = [aPerson('ann'), aPerson('bob'), aPerson('cat')];
    const post = postOf(postPublished(ann, 'hello'), ann);
    const top = commentAdded(post, bob, 'first!');
    const reply = commentAdded(post, cat, 'second', { parent: commentOf(top, bob) });

    await on.commentAdded(top);
    await on.commentAdded(reply);
    await on.commentAdded(reply);

    expect(seenBy(ann.userId)).toEqual([
      ['COMMENTED', bob.userId, post.postId, top.payload.commentId],
      ['COMMENTED', cat.userId, post.postId, reply.payload.commentId],
    ]);
    expect(seenBy(bob.userId)).toEqual([['REPLIED', cat.userId, post.postId, reply.payload.commentId]]);
  });

  it('mentions notify who may see the post, per the post facts; a block or a hidden post notifies nobody', async () => {
    const { store, on, seenBy } = handlersMother();
    const [ann, bob, cat, dan, eve] = [aPerson('ann'), aPerson('bob'), aPerson('cat'), aPerson('dan'), aPerson('eve')];
    for (const person of [ann, bob, cat, dan, eve]) await on.accountRegistered(accountRegistered(person));
    const published = postPublished(ann, 'followers only', { visibility: 'FOLLOWERS' });
    await on.postPublished(published);
    const post = postOf(published, ann);
    store.know({ kind: 'follow', followerId: bob.userId, followeeId: ann.userId, version: 1, active: true });
    store.know({ kind: 'follow', followerId: cat.userId, followeeId: ann.userId, version: 1, active: true });
    store.know({ kind: 'follow', followerId: dan.userId, followeeId: ann.userId, version: 1, active: true });
    store.know({ kind: 'block', blockerId: dan.userId, blockedId: bob.userId, version: 1, active: true });

    // cat follows ann (sees it); dan blocks bob; eve does not follow ann; bob mentions himself.
    const comment = commentAdded(
      post,
      bob,
      `@${cat.username.toUpperCase()} @${dan.username} @${eve.username} @${bob.username} @${cat.username}`,
    );
    await on.commentAdded(comment);

    expect(seenBy(cat.userId)).toEqual([['MENTIONED', bob.userId, post.postId, comment.payload.commentId]]);
    expect(seenBy(dan.userId)).toEqual([]);
    expect(seenBy(eve.userId)).toEqual([]);
    expect(seenBy(bob.userId)).toEqual([]);
    expect(store.pending.size).toBe(0);
  });

  it('keeps a mention pending until the username registers, or until the post facts arrive', async () => {
    const { store, on, seenBy } = handlersMother();
    const [ann, bob, cat] = [aPerson('ann'), aPerson('bob'), aPerson('cat')];
    const published = postPublished(ann, 'hello');
    const post = postOf(published, ann);
    await on.accountRegistered(accountRegistered(cat));

    // The comment overtook both the post's publication and bob's registration.
    const comment = commentAdded(post, cat, `hey @${bob.username} and @${ann.username}`);
    await on.commentAdded(comment);
    expect(store.pending.size).toBe(2);
    expect(seenBy(ann.userId)).toEqual([['COMMENTED', cat.userId, post.postId, comment.payload.commentId]]);

    await on.accountRegistered(accountRegistered(bob));
    expect(seenBy(bob.userId)).toEqual([]);
    await on.postPublished(published);
    expect(seenBy(bob.userId)).toEqual([['MENTIONED', cat.userId, post.postId, comment.payload.commentId]]);
    // ann is still unknown as an account.
    expect([...store.pending.values()].map((m) => m.username)).toEqual([ann.username]);

    await on.accountRegistered(accountRegistered(ann));
    expect(seenBy(ann.userId).map(([kind]) => kind)).toEqual(['COMMENTED', 'MENTIONED']);
    expect(store.pending.size).toBe(0);
  });

  it('creates nothing about a post already deleted', async () => {
    const { on, seenBy } = handlersMother();
    const [ann, bob] = [aPerson('ann'), aPerson('bob')];
    const post = postOf(postPublished(ann, 'hello'), ann);
    await on.postDeleted(postDeleted(post));

    await on.commentAdded(commentAdded(post, bob, 'late'));

    expect(seenBy(ann.userId)).toEqual([]);
  });

  it('locks usernames, then the post, then the comment', async () => {
    const { store, on } = handlersMother();
    const [ann, bob] = [aPerson('ann'), aPerson('bob')];
    const post = postOf(postPublished(ann, 'hello'), ann);
    const comment = commentAdded(post, bob, `@${ann.username}`);

    await on.commentAdded(comment);

    expect(store.locks).toEqual([
      { mode: 'shared', keys: { usernames: [ann.username], postIds: [post.postId], commentIds: [comment.payload.commentId] } },
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import {
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

describe('NotifyOnReactionSet', () => {
  const [ann, bob, cat] = [aPerson('ann'), aPerson('bob'), aPerson('cat')];
  const post = postOf(postPublished(ann, 'hello'), ann);
  const comment = commentOf(commentAdded(post, cat, 'nice'), cat);

  it("tells the post's or comment's author about a first reaction, not about a change of kind", async () => {
    const { on, seenBy } = handlersMother();

    await on.reactionSet(reactionSet(bob, { post }));
    await on.reactionSet(reactionSet(bob, { post }, { previousKind: 'LIKE', version: 2 }));
    await on.reactionSet(reactionSet(bob, { post, comment }));

    expect(seenBy(ann.userId)).toEqual([['REACTED', bob.userId, post.postId, null]]);
    expect(seenBy(cat.userId)).toEqual([['REACTED', bob.userId, post.postId, comment.commentId]]);
  });

  it('notifies nobody of their own reaction, nor about a deleted post or comment', async () => {
    const { on, seenBy } = handlersMother();

    await on.reactionSet(reactionSet(ann, { post }));
    await on.commentDeleted(commentDeleted(post, comment));
    await on.reactionSet(reactionSet(bob, { post, comment }));
    await on.postDeleted(postDeleted(post));
    await on.reactionSet(reactionSet(bob, { post }));

    expect(seenBy(ann.userId)).toEqual([]);
    expect(seenBy(cat.userId)).toEqual([]);
  });
});

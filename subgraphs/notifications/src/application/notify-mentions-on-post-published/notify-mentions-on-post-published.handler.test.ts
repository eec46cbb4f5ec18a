import { newEventId } from '@agora/events';
import { describe, expect, it } from 'vitest';
import { accountRegistered, aPerson, postDeleted, postOf, postPublished } from '../testing/events.mother';
import { handlersMother } from '../testing/handlers.mother';

describe('NotifyMentionsOnPostPublished', () => {
  it('notifies each mentioned user who may see the post as published, once', async () => {
    const { store, on, seenBy } = handlersMother();
    const [ann, bob, cat, dan, eve] = [aPerson('ann'), aPerson('bob'), aPerson('cat'), aPerson('dan'), aPerson('eve')];
    for (const person of [ann, bob, cat, dan, eve]) await on.accountRegistered(accountRegistered(person));
    const circle = newEventId();
    store.know({ kind: 'membership', circleId: circle, ownerId: ann.userId, memberId: bob.userId, version: 1, active: true });
    store.know({ kind: 'membership', circleId: circle, ownerId: ann.userId, memberId: eve.userId, version: 1, active: true });
    store.know({ kind: 'follow', followerId: cat.userId, followeeId: ann.userId, version: 1, active: true });
    store.know({ kind: 'block', blockerId: ann.userId, blockedId: eve.userId, version: 1, active: true });

    // bob is in the circle; cat only follows; dan is nobody; eve is in the circle but blocked.
    const event = postPublished(
      ann,
      `@${bob.username} @${cat.username} @${dan.username} @${eve.username} @${ann.username} @${bob.username}`,
      {
        visibility: 'CIRCLE',
        circleIds: [circle],
      },
    );
    await on.postPublished(event);
    await on.postPublished(event);

    const post = event.payload.postId;
    expect(seenBy(bob.userId)).toEqual([['MENTIONED', ann.userId, post, null]]);
    for (const person of [cat, dan, eve, ann]) expect(seenBy(person.userId)).toEqual([]);
  });

  it('records the post facts (mentions in comments can then be checked) and ignores a deleted post', async () => {
    const { store, on, seenBy } = handlersMother();
    const [ann, bob] = [aPerson('ann'), aPerson('bob')];
    await on.accountRegistered(accountRegistered(bob));
    const event = postPublished(ann, `@${bob.username}`);
    await on.postDeleted(postDeleted(postOf(event, ann)));

    await on.postPublished(event);

    expect(store.posts.get(event.payload.postId)).toMatchObject({ deleted: true, publishedAt: new Date(event.payload.publishedAt) });
    expect(seenBy(bob.userId)).toEqual([]);
    expect(store.pending.size).toBe(0);
  });

  it('keeps a mention of an unknown username pending; its registration delivers it, unless it came after the post', async () => {
    const { store, on, seenBy } = handlersMother();
    const [ann, bob, cat] = [aPerson('ann'), aPerson('bob'), aPerson('cat')];
    const event = postPublished(ann, `hi @${bob.username} @${cat.username}`, { at: new Date('2026-03-01T12:00:00Z') });

    await on.postPublished(event);
    expect(store.pending.size).toBe(2);

    await on.accountRegistered(accountRegistered(bob, new Date('2026-02-01T00:00:00Z')));
    await on.accountRegistered(accountRegistered(cat, new Date('2026-03-05T00:00:00Z')));

    expect(seenBy(bob.userId)).toEqual([['MENTIONED', ann.userId, event.payload.postId, null]]);
    expect(store.of(bob.userId)[0]!.at).toEqual(new Date('2026-03-01T12:00:00Z'));
    // cat's username named nobody when the post was written.
    expect(seenBy(cat.userId)).toEqual([]);
    expect(store.pending.size).toBe(0);
  });
});

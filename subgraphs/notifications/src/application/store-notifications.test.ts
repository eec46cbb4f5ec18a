import { newEventId } from '@agora/events';
import { describe, expect, it } from 'vitest';
import type { NotificationDraft } from '../domain/notification';
import { storeNotifications } from './store-notifications';
import {
  accountRegistered,
  aPerson,
  commentAdded,
  commentOf,
  followCreated,
  postOf,
  postPublished,
  reactionSet,
} from './testing/events.mother';
import { handlersMother } from './testing/handlers.mother';

/** What a consumed event's metadata becomes for the events it causes (ConsumedCall.metadata). */
const causedBy = (event: { id: string; correlationId: string; actorId: string | null }) => ({
  correlationId: event.correlationId,
  causationId: event.id,
  actorId: event.actorId,
});

/** An event as it arrives from another context: part of a longer chain (its own correlation). */
const inChain = <E extends { id: string }>(event: E): E & { correlationId: string } => ({ ...event, correlationId: newEventId() });

describe('storeNotifications: every notification stored is announced, and only those', () => {
  it('announces the new ones with the given metadata; a duplicate, a blocked or an own one announces nothing', async () => {
    const { store } = handlersMother();
    const [ann, bob, cat] = [aPerson('ann'), aPerson('bob'), aPerson('cat')];
    store.know({ kind: 'block', blockerId: cat.userId, blockedId: bob.userId, version: 1, active: true });
    const source = newEventId();
    const draft = (recipientId: string, actorId: string): NotificationDraft => ({
      recipientId,
      kind: 'FOLLOWED',
      actorId,
      postId: null,
      commentId: null,
      sourceEventId: source,
      at: new Date('2026-03-01T12:00:00.000Z'),
    });
    const metadata = { correlationId: newEventId(), causationId: source, actorId: bob.userId };
    const now = new Date('2026-03-01T12:00:01.000Z');

    const first = await store.run((scope) => storeNotifications(scope, [draft(ann.userId, bob.userId)], { metadata, now }));
    const again = await store.run((scope) =>
      storeNotifications(scope, [draft(ann.userId, bob.userId), draft(cat.userId, bob.userId), draft(bob.userId, bob.userId)], {
        metadata,
        now,
      }),
    );

    expect(first).toHaveLength(1);
    expect(again).toEqual([]);
    expect(store.announced).toEqual([{ notification: { ...draft(ann.userId, bob.userId), id: first[0]!.id }, metadata }]);
    expect(store.notifications.map((n) => n.id)).toEqual([first[0]!.id]);
  });
});

describe('the consumers announce what they store (notifications.notification.created.v1)', () => {
  it('FOLLOWED: once, caused by the follow (its correlation, its id, its actor), however often it is delivered', async () => {
    const { store, on } = handlersMother();
    const [ann, bob] = [aPerson('ann'), aPerson('bob')];
    const follow = inChain(followCreated(bob, ann));

    await on.followCreated(follow);
    await on.followCreated(follow);

    expect(store.announcements()).toEqual([[ann.userId, 'FOLLOWED', bob.userId, null, null]]);
    const [announced] = store.announced;
    expect(announced!.metadata).toEqual(causedBy(follow));
    expect(announced!.notification).toEqual({
      id: store.of(ann.userId)[0]!.id,
      recipientId: ann.userId,
      kind: 'FOLLOWED',
      actorId: bob.userId,
      postId: null,
      commentId: null,
      sourceEventId: follow.id,
      at: new Date(follow.payload.at),
    });
  });

  it('nothing for a follow across a block', async () => {
    const { store, on } = handlersMother();
    const [ann, bob] = [aPerson('ann'), aPerson('bob')];
    store.know({ kind: 'block', blockerId: ann.userId, blockedId: bob.userId, version: 1, active: true });

    await on.followCreated(followCreated(bob, ann));

    expect(store.announced).toEqual([]);
  });

  it('COMMENTED, REPLIED and MENTIONED from one comment, each caused by it; nothing for a comment on one’s own post', async () => {
    const { store, on } = handlersMother();
    const [ann, bob, cat, dan] = [aPerson('ann'), aPerson('bob'), aPerson('cat'), aPerson('dan')];
    for (const person of [ann, bob, cat, dan]) await on.accountRegistered(accountRegistered(person));
    const published = postPublished(ann, 'hello');
    await on.postPublished(published);
    const post = postOf(published, ann);
    const top = commentAdded(post, ann, 'my own post');
    await on.commentAdded(top);
    expect(store.announced).toEqual([]);

    const reply = inChain(commentAdded(post, bob, `@${dan.username} look`, { parent: commentOf(top, cat) }));
    await on.commentAdded(reply);
    await on.commentAdded(reply);

    const { commentId } = reply.payload;
    expect(store.announcements()).toEqual([
      [cat.userId, 'REPLIED', bob.userId, post.postId, commentId],
      [ann.userId, 'COMMENTED', bob.userId, post.postId, commentId],
      [dan.userId, 'MENTIONED', bob.userId, post.postId, commentId],
    ]);
    expect(store.announced.map((a) => a.metadata)).toEqual([causedBy(reply), causedBy(reply), causedBy(reply)]);
    expect(store.announced.map((a) => a.notification.id).sort()).toEqual(store.notifications.map((n) => n.id).sort());
  });

  it('REACTED for a first reaction only (a change of kind stores and announces nothing)', async () => {
    const { store, on } = handlersMother();
    const [ann, bob] = [aPerson('ann'), aPerson('bob')];
    const post = postOf(postPublished(ann, 'hello'), ann);
    const first = inChain(reactionSet(bob, { post }));

    await on.reactionSet(first);
    await on.reactionSet(reactionSet(bob, { post }, { previousKind: 'LIKE', version: 2 }));

    expect(store.announcements()).toEqual([[ann.userId, 'REACTED', bob.userId, post.postId, null]]);
    expect(store.announced[0]!.metadata).toEqual(causedBy(first));
  });

  it('a mention delivered when the username registers is announced then, caused by the registration', async () => {
    const { store, on } = handlersMother();
    const [ann, bob] = [aPerson('ann'), aPerson('bob')];
    const published = postPublished(ann, `hi @${bob.username}`);
    await on.postPublished(published);
    expect(store.announced).toEqual([]);

    const registration = inChain(accountRegistered(bob));
    await on.accountRegistered(registration);
    await on.accountRegistered(registration);

    expect(store.announcements()).toEqual([[bob.userId, 'MENTIONED', ann.userId, published.payload.postId, null]]);
    expect(store.announced[0]!.metadata).toEqual(causedBy(registration));
    expect(store.announced[0]!.notification.sourceEventId).toBe(published.id);
  });

  it('a mention in a comment that waited for the post is announced with the publication, caused by it', async () => {
    const { store, on } = handlersMother();
    const [ann, bob, cat] = [aPerson('ann'), aPerson('bob'), aPerson('cat')];
    for (const person of [ann, bob, cat]) await on.accountRegistered(accountRegistered(person));
    const published = inChain(postPublished(ann, 'hello'));
    const post = postOf(published, ann);
    const comment = commentAdded(post, bob, `@${cat.username}`);
    await on.commentAdded(comment);
    // The COMMENTED to ann is known at once; the mention waits for the post's audience.
    expect(store.announcements()).toEqual([[ann.userId, 'COMMENTED', bob.userId, post.postId, comment.payload.commentId]]);

    await on.postPublished(published);

    expect(store.announcements()[1]).toEqual([cat.userId, 'MENTIONED', bob.userId, post.postId, comment.payload.commentId]);
    expect(store.announced[1]!.metadata).toEqual(causedBy(published));
    expect(store.announced).toHaveLength(2);
  });
});

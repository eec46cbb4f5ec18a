import { bindConsumer } from '@agora/context-runtime';
import { ContentRemovedV1, ContentRestoredV1, createEvent } from '@agora/events';
import { describe, expect, it } from 'vitest';
import { emailOf } from '../testing/email.mother';
import {
  accountRegistered,
  aPerson,
  commentAdded,
  commentOf,
  postOf,
  postPublished,
  reactionSet,
  type Person,
} from '../testing/events.mother';
import { asViewer, handlersMother } from '../testing/handlers.mother';
import { hideNotificationsOnContentRemoved } from './hide-notifications-on-content-removed.handler';
import { showNotificationsOnContentRestored } from './show-notifications-on-content-restored.handler';

const MODERATOR = '01900000-0000-7000-8000-0000000000d0';
const T = Date.parse('2026-03-01T12:00:00.000Z'); // the events mother's time: the notifications are from then
const at = (minutes: number) => new Date(T + minutes * 60_000).toISOString();

interface Subject {
  postId: string;
  author: Person;
  commentId?: string;
}
const payloadOf = ({ postId, author, commentId }: Subject) => ({
  subjectType: commentId ? ('COMMENT' as const) : ('POST' as const),
  subjectId: commentId ?? postId,
  postId,
  authorId: author.userId,
  moderatorId: MODERATOR,
  reportId: null,
  reason: null,
});
const removed = (subject: Subject, minutes: number) =>
  createEvent(ContentRemovedV1, {
    aggregateId: subject.commentId ?? subject.postId,
    aggregateVersion: 1,
    actorId: MODERATOR,
    payload: { ...payloadOf(subject), removedAt: at(minutes) },
  });
const restored = (subject: Subject, minutes: number) =>
  createEvent(ContentRestoredV1, {
    aggregateId: subject.commentId ?? subject.postId,
    aggregateVersion: 2,
    actorId: MODERATOR,
    payload: { ...payloadOf(subject), restoredAt: at(minutes) },
  });

async function arrange() {
  const mother = handlersMother();
  const [ann, bob, cat] = [aPerson('ann'), aPerson('bob'), aPerson('cat')];
  for (const person of [ann, bob, cat]) await mother.on.accountRegistered(accountRegistered(person));
  const published = postPublished(ann, 'hello');
  await mother.on.postPublished(published);
  const post = postOf(published, ann);
  const added = commentAdded(post, bob, 'first!');
  await mother.on.commentAdded(added);
  const comment = commentOf(added, bob);
  const hide = bindConsumer(mother.store, hideNotificationsOnContentRemoved, { clock: mother.clock });
  const show = bindConsumer(mother.store, showNotificationsOnContentRestored, { clock: mother.clock });
  const postSubject: Subject = { postId: post.postId, author: ann };
  const commentSubject: Subject = { postId: post.postId, author: bob, commentId: comment.commentId };
  return { ...mother, ann, bob, cat, post, comment, hide, show, postSubject, commentSubject };
}

describe('HideNotificationsOnContentRemoved / ShowNotificationsOnContentRestored', () => {
  it('applies a removal once (same event twice), under the exclusive lock of the post and the comment', async () => {
    const { hide, store, commentSubject, post, comment } = await arrange();
    const event = removed(commentSubject, 1);
    expect(await hide.deliver(event)).toBe(true);
    expect(await hide.deliver(event)).toBe(false);
    expect(store.moderation.get(comment.commentId)).toMatchObject({ removed: true, decidedAt: new Date(at(1)) });
    expect(store.locks.at(-1)).toEqual({ mode: 'exclusive', keys: { postIds: [post.postId], commentIds: [comment.commentId] } });
  });

  it('creates, announces and mails nothing about a removed subject; after the restoration it does again', async () => {
    const { hide, show, on, store, seenBy, ann, bob, cat, post, comment, postSubject } = await arrange();
    store.verified(bob.userId, emailOf(bob));
    const before = { announced: store.announced.length, mails: store.mails.length };
    await hide.deliver(removed(postSubject, 1));

    await on.reactionSet(reactionSet(cat, { post }));
    await on.reactionSet(reactionSet(cat, { post, comment }));
    await on.commentAdded(commentAdded(post, cat, 'late', { parent: comment }));
    expect(seenBy(ann.userId)).toHaveLength(1); // bob's comment, from before
    expect(seenBy(bob.userId)).toEqual([]);
    expect(store.announced).toHaveLength(before.announced);
    expect(store.mails).toHaveLength(before.mails);

    await show.deliver(restored(postSubject, 2));
    await on.reactionSet(reactionSet(cat, { post }));
    expect(seenBy(ann.userId)).toHaveLength(2);
  });

  it('hides them from "mark all seen" and digests while removed; removed → restored → removed again with new events', async () => {
    const { hide, show, handlers, store, clock, runDigests, ann, commentSubject, postSubject } = await arrange();
    store.verified(ann.userId, emailOf(ann));
    await handlers.updateSettings.execute(asViewer(ann.userId, { digest: 'DAILY' }));
    clock.set(new Date(at(60)));

    await hide.deliver(removed(postSubject, 1));
    expect(await runDigests()).toEqual([]);
    expect(await handlers.markSeen.execute(asViewer(ann.userId, {}))).toBe(0);

    await show.deliver(restored(postSubject, 2));
    await hide.deliver(removed(commentSubject, 3)); // the comment the notification is about, this time
    expect(await handlers.markSeen.execute(asViewer(ann.userId, {}))).toBe(0);
    // A late, older restoration of the comment loses; at the same instant a removal wins.
    await show.deliver(restored(commentSubject, 2));
    await show.deliver(restored(commentSubject, 3));
    expect(await runDigests()).toEqual([]);

    await show.deliver(restored(commentSubject, 4));
    expect(await runDigests()).toEqual([ann.userId]);
    expect(await handlers.markSeen.execute(asViewer(ann.userId, {}))).toBe(1);
  });
});

import { describe, expect, it } from 'vitest';
import { emailOf } from './testing/email.mother';
import {
  accountRegistered,
  aPerson,
  commentAdded,
  commentOf,
  followCreated,
  postOf,
  postPublished,
  reactionSet,
  type Person,
} from './testing/events.mother';
import { asViewer, handlersMother } from './testing/handlers.mother';
import { excerptOf, EXCERPT_LENGTH } from './notification-mail';

/** ann (verified, default settings) and bob, both registered (usernames known). */
async function arrange() {
  const mother = handlersMother();
  const [ann, bob] = [aPerson('ann'), aPerson('bob')];
  for (const person of [ann, bob]) await mother.on.accountRegistered(accountRegistered(person));
  mother.store.verified(ann.userId, emailOf(ann));
  const post = postOf(postPublished(ann, 'hello'), ann);
  return { ...mother, ann, bob, post };
}
const mailsTo = (store: ReturnType<typeof handlersMother>['store'], person: Person) => store.mails.filter((m) => m.to === emailOf(person));

describe('mail per notification (storeNotifications → the mail outbox, same transaction)', () => {
  it('a comment on ann’s post mails her once: who did what, the comment quoted, links, unsubscribe headers; id = the notification’s', async () => {
    const { store, on, ann, bob, post } = await arrange();
    const comment = commentAdded(post, bob, 'Nice   post,\nreally');

    await on.commentAdded(comment);
    await on.commentAdded(comment);

    const [mail, ...more] = mailsTo(store, ann);
    expect(more).toEqual([]);
    expect(mail).toMatchObject({
      id: store.of(ann.userId)[0]!.id,
      kind: 'notifications.commented',
      to: emailOf(ann),
      subject: `@${bob.username} commented on your post`,
      createdAt: new Date('2026-03-02T00:00:00.000Z'),
      headers: {
        'List-Unsubscribe': `<https://agora.test/notifications/unsubscribe?token=${ann.userId}:emailOnComment>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
    });
    expect(mail!.text).toContain('Nice post, really');
    expect(mail!.text).toContain('https://agora.test/notifications');
    expect(mail!.text).toContain(`https://agora.test/notifications/unsubscribe?token=${ann.userId}:emailOnComment`);
    expect(mail!.html).toContain('Nice post, really');
  });

  it('by default: comments, replies and mentions are mailed; follows and reactions are not', async () => {
    const { store, on, handlers, ann, bob, post } = await arrange();
    const cat = aPerson('cat');
    await on.accountRegistered(accountRegistered(cat));
    const mine = commentAdded(post, ann, 'my own comment');
    await on.commentAdded(mine);
    await on.postPublished(postPublished(ann, 'hello', { postId: post.postId }));

    await on.followCreated(followCreated(bob, ann));
    await on.reactionSet(reactionSet(bob, { post }));
    await on.commentAdded(commentAdded(post, cat, 'a reply', { parent: commentOf(mine, ann) }));
    const catsPost = postPublished(cat, 'cat’s post');
    await on.postPublished(catsPost);
    await on.commentAdded(commentAdded(postOf(catsPost, cat), bob, `hey @${ann.username}`));

    expect(mailsTo(store, ann).map((m) => m.kind)).toEqual(['notifications.replied', 'notifications.mentioned']);

    await handlers.updateSettings.execute(asViewer(ann.userId, { emailOnFollow: true, emailOnReaction: true, emailOnMention: false }));
    const dan = aPerson('dan');
    await on.followCreated(followCreated(dan, ann));
    await on.reactionSet(reactionSet(dan, { post }));
    await on.commentAdded(commentAdded(post, dan, `@${ann.username} again`));
    expect(mailsTo(store, ann).map((m) => [m.kind, m.subject])).toEqual([
      ['notifications.replied', `@${cat.username} replied to your comment`],
      ['notifications.mentioned', `@${bob.username} mentioned you`],
      ['notifications.followed', 'Someone started following you'],
      ['notifications.reacted', 'Someone reacted to your post'],
      ['notifications.commented', 'Someone commented on your post'],
    ]);
  });

  it('a reply counts as a comment: emailOnComment off mails no reply either', async () => {
    const { store, on, handlers, ann, bob, post } = await arrange();
    await handlers.updateSettings.execute(asViewer(ann.userId, { emailOnComment: false }));
    const mine = commentAdded(post, ann, 'mine');
    await on.commentAdded(mine);

    await on.commentAdded(commentAdded(post, bob, 'reply', { parent: commentOf(mine, ann) }));
    await on.commentAdded(commentAdded(post, bob, 'top'));

    expect(store.of(ann.userId).map((n) => n.kind)).toEqual(['REPLIED', 'COMMENTED']);
    expect(mailsTo(store, ann)).toEqual([]);
  });

  it('no verified email, no mail (the notification is stored all the same)', async () => {
    const { store, on, bob } = await arrange();
    const cat = aPerson('cat');
    const catsPost = postOf(postPublished(cat, 'unverified'), cat);

    await on.commentAdded(commentAdded(catsPost, bob, 'hi'));

    expect(store.of(cat.userId)).toHaveLength(1);
    expect(store.mails).toEqual([]);
  });

  it('a blocked actor causes no notification, so no mail (either direction of the block)', async () => {
    const { store, on, ann, bob, post } = await arrange();
    const cat = aPerson('cat');
    store.know({ kind: 'block', blockerId: ann.userId, blockedId: bob.userId, version: 1, active: true });
    store.know({ kind: 'block', blockerId: cat.userId, blockedId: ann.userId, version: 1, active: true });

    await on.commentAdded(commentAdded(post, bob, 'blocked'));
    await on.commentAdded(commentAdded(post, cat, `blocking @${ann.username}`));

    expect(store.of(ann.userId)).toEqual([]);
    expect(store.mails).toEqual([]);
  });

  it('quotes at most EXCERPT_LENGTH characters, on one line', () => {
    const long = `${'word '.repeat(100)}end`;
    expect(excerptOf(long).length).toBe(EXCERPT_LENGTH);
    expect(excerptOf(long).endsWith('…')).toBe(true);
    expect(excerptOf(' a\n\tb ')).toBe('a b');
  });
});

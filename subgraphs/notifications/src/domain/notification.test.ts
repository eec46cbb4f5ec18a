import { describe, expect, it } from 'vitest';
import { commentNotifications, followNotifications, reactionNotifications } from './notification';

const ANN = '01900000-0000-7000-8000-000000000a01';
const BOB = '01900000-0000-7000-8000-000000000b02';
const CAT = '01900000-0000-7000-8000-000000000c03';
const POST = '01900000-0000-7000-8000-0000000000f1';
const COMMENT = '01900000-0000-7000-8000-0000000000c1';
const PARENT = '01900000-0000-7000-8000-0000000000c0';
const source = { eventId: '01900000-0000-7000-8000-0000000000e1', at: new Date('2026-03-01T12:00:00Z') };

const comment = (authorId: string, reply?: { parentAuthorId: string }) => ({
  commentId: COMMENT,
  postId: POST,
  postAuthorId: ANN,
  parentId: reply ? PARENT : null,
  parentAuthorId: reply?.parentAuthorId ?? null,
  authorId,
});
const summary = (drafts: { recipientId: string; kind: string }[]) => drafts.map((d) => [d.recipientId, d.kind]);

describe('notification rules', () => {
  it('FOLLOWED goes to the followee, from the follower', () => {
    expect(followNotifications({ followerId: BOB, followeeId: ANN }, source)).toEqual([
      { recipientId: ANN, kind: 'FOLLOWED', actorId: BOB, postId: null, commentId: null, sourceEventId: source.eventId, at: source.at },
    ]);
  });

  it('a top-level comment notifies the post author (COMMENTED)', () => {
    const drafts = commentNotifications(comment(BOB), source);
    expect(summary(drafts)).toEqual([[ANN, 'COMMENTED']]);
    expect(drafts[0]).toMatchObject({ actorId: BOB, postId: POST, commentId: COMMENT });
  });

  it('a reply notifies the parent author (REPLIED) and the post author (COMMENTED) when they differ', () => {
    expect(summary(commentNotifications(comment(CAT, { parentAuthorId: BOB }), source))).toEqual([
      [BOB, 'REPLIED'],
      [ANN, 'COMMENTED'],
    ]);
    // The post's author wrote the parent: one notification, REPLIED.
    expect(summary(commentNotifications(comment(CAT, { parentAuthorId: ANN }), source))).toEqual([[ANN, 'REPLIED']]);
  });

  it('never notifies anyone of their own actions', () => {
    expect(followNotifications({ followerId: ANN, followeeId: ANN }, source)).toEqual([]);
    expect(commentNotifications(comment(ANN), source)).toEqual([]);
    // Replying to yourself on someone else's post still tells the post's author.
    expect(summary(commentNotifications(comment(BOB, { parentAuthorId: BOB }), source))).toEqual([[ANN, 'COMMENTED']]);
    // The post's author replying to someone: only the parent author hears of it.
    expect(summary(commentNotifications(comment(ANN, { parentAuthorId: BOB }), source))).toEqual([[BOB, 'REPLIED']]);
  });

  it('REACTED only for a first reaction, to the subject author, with the comment when the subject is one', () => {
    const base = { subjectAuthorId: ANN, postId: POST, userId: BOB };
    expect(reactionNotifications({ ...base, subjectId: POST, subjectType: 'POST', previousKind: null }, source)).toEqual([
      { recipientId: ANN, kind: 'REACTED', actorId: BOB, postId: POST, commentId: null, sourceEventId: source.eventId, at: source.at },
    ]);
    expect(reactionNotifications({ ...base, subjectId: COMMENT, subjectType: 'COMMENT', previousKind: null }, source)[0]).toMatchObject({
      postId: POST,
      commentId: COMMENT,
    });
    expect(reactionNotifications({ ...base, subjectId: POST, subjectType: 'POST', previousKind: 'LIKE' }, source)).toEqual([]);
    expect(reactionNotifications({ ...base, userId: ANN, subjectId: POST, subjectType: 'POST', previousKind: null }, source)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { applyPostEvent, foldPostEvents } from './post-projection';
import type { PostEvent } from './post.events';
import { ALICE, CIRCLE_1 } from './post.mother';

const t = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute));
const base = { postId: 'p1', authorId: ALICE };
const MEDIA_1 = '01900000-0000-7000-8000-00000000ed01';
const MEDIA_2 = '01900000-0000-7000-8000-00000000ed02';
const published: PostEvent & { type: 'PostPublished' } = {
  ...base,
  type: 'PostPublished',
  version: 1,
  at: t(0),
  body: 'v1',
  visibility: 'CIRCLE',
  circleIds: [CIRCLE_1],
  commentsDisabled: false,
  attachmentIds: [MEDIA_2, MEDIA_1],
};
const edited: PostEvent = { ...base, type: 'PostEdited', version: 2, at: t(5), body: 'v2' };
const deleted: PostEvent = { ...base, type: 'PostDeleted', version: 3, at: t(9) };
const madePublic: PostEvent = {
  ...base,
  type: 'PostVisibilityChanged',
  version: 3,
  at: t(6),
  visibility: 'PUBLIC',
  circleIds: [],
  commentsDisabled: false,
};
const commentsOff: PostEvent = {
  ...base,
  type: 'PostCommentsToggled',
  version: 4,
  at: t(7),
  visibility: 'PUBLIC',
  circleIds: [],
  commentsDisabled: true,
};

describe('post projection', () => {
  it('folds published → edited → deleted into the current state', () => {
    expect(foldPostEvents([published, edited, deleted])).toEqual({
      id: 'p1',
      authorId: ALICE,
      body: 'v2',
      visibility: 'CIRCLE',
      circleIds: [CIRCLE_1],
      commentsDisabled: false,
      attachmentIds: [MEDIA_2, MEDIA_1],
      version: 3,
      createdAt: t(0),
      editedAt: t(5),
      deletedAt: t(9),
      removedAt: null,
      moderatedAt: null,
    });
  });

  it('access events replace the whole access state and bump the version, leaving body and editedAt alone', () => {
    expect(foldPostEvents([published, edited, madePublic, commentsOff])).toEqual({
      id: 'p1',
      authorId: ALICE,
      body: 'v2',
      visibility: 'PUBLIC',
      circleIds: [],
      commentsDisabled: true,
      // Attachments are set at publish, in the author's order, and no later event touches them.
      attachmentIds: [MEDIA_2, MEDIA_1],
      version: 4,
      createdAt: t(0),
      editedAt: t(5),
      deletedAt: null,
      removedAt: null,
      moderatedAt: null,
    });
    expect(foldPostEvents([{ ...published, commentsDisabled: true }])?.commentsDisabled).toBe(true);
    expect(() => foldPostEvents([published, madePublic])).toThrow(/version 3 does not follow 1/);
  });

  it('an empty stream is no post', () => {
    expect(foldPostEvents([])).toBeNull();
  });

  it('refuses a gap or a repeat in the versions, and events before the publish', () => {
    expect(() => foldPostEvents([published, deleted])).toThrow(/version 3 does not follow 1/);
    expect(() => foldPostEvents([published, edited, edited])).toThrow(/does not follow/);
    expect(() => applyPostEvent(null, edited)).toThrow(/before PostPublished/);
    expect(() => foldPostEvents([published, published])).toThrow(/published twice/);
  });
});

import { describe, expect, it } from 'vitest';
import { Post } from '../domain/post/post.aggregate';
import { ALICE, CIRCLE_1 } from '../domain/post/post.mother';
import { PostPublishedV1, parseEvent } from '@agora/events';
import { toEnvelope } from './post-events.mapper';

const POST_ID = '01900000-0000-7000-8000-0000000000f1';
const meta = { actorId: ALICE, correlationId: 'corr', causationId: null };

describe('published post events', () => {
  it('access events publish the whole access state at their version; the envelope carries the event id and the metadata', () => {
    const post = Post.publish({
      id: POST_ID,
      authorId: ALICE,
      body: 'one',
      visibility: 'PUBLIC',
      commentsDisabled: true,
      at: new Date('2026-01-01T00:00:00.000Z'),
    });
    post.changeVisibility(ALICE, { visibility: 'CIRCLE', circleIds: [CIRCLE_1] }, new Date('2026-01-01T00:01:00.000Z'));
    post.setCommentsDisabled(ALICE, false, new Date('2026-01-01T00:02:00.000Z'));
    const eventIds = [
      '01900000-0000-7000-a000-000000000001',
      '01900000-0000-7000-a000-000000000002',
      '01900000-0000-7000-a000-000000000003',
    ];
    const [published, visibility, comments] = post.events.map((event, i) => toEnvelope({ eventId: eventIds[i]!, event }, meta));
    expect(published).toMatchObject({ type: 'posts.post.published.v1', payload: { commentsDisabled: true } });
    expect(visibility).toMatchObject({
      type: 'posts.post.visibility-changed.v1',
      aggregateVersion: 2,
      payload: {
        postId: POST_ID,
        authorId: ALICE,
        visibility: 'CIRCLE',
        circleIds: [CIRCLE_1],
        commentsDisabled: true,
        version: 2,
        changedAt: '2026-01-01T00:01:00.000Z',
      },
    });
    expect(comments).toMatchObject({
      type: 'posts.post.comments-toggled.v1',
      aggregateVersion: 3,
      payload: { visibility: 'CIRCLE', circleIds: [CIRCLE_1], commentsDisabled: false, version: 3, changedAt: '2026-01-01T00:02:00.000Z' },
    });
    expect(
      [published, visibility, comments].map((envelope) => [
        envelope!.id,
        envelope!.actorId,
        envelope!.correlationId,
        envelope!.causationId,
      ]),
    ).toEqual(eventIds.map((id) => [id, ALICE, 'corr', null]));
  });

  it('posts.post.published.v1 carries the attachments in the author’s order (an empty list when there are none)', () => {
    const items = ['01900000-0000-7000-8000-0000000000e3', '01900000-0000-7000-8000-0000000000e1'];
    const publish = (attachmentIds: string[]) =>
      Post.publish({
        id: POST_ID,
        authorId: ALICE,
        body: 'b',
        visibility: 'PUBLIC',
        attachmentIds,
        attachable: new Set(items),
        at: new Date(0),
      });
    const [withItems] = publish(items).events.map((event) => toEnvelope({ eventId: '01900000-0000-7000-a000-000000000004', event }, meta));
    const [without] = publish([]).events.map((event) => toEnvelope({ eventId: '01900000-0000-7000-a000-000000000005', event }, meta));
    expect(parseEvent(PostPublishedV1, withItems).payload.attachmentIds).toEqual(items);
    expect(parseEvent(PostPublishedV1, without).payload.attachmentIds).toEqual([]);
  });
});

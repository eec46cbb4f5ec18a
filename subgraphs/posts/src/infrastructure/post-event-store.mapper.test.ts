import { describe, expect, it } from 'vitest';
import { Post } from '../domain/post/post.aggregate';
import type { PostEvent } from '../domain/post/post.events';
import { fromStoredEvent, toStoredEvent } from './post-event-store.mapper';
import { toEnvelope } from './post-events.mapper';
import { ALICE, CIRCLE_1 } from '../domain/post/post.mother';

const POST_ID = '01900000-0000-7000-8000-0000000000f1';
const meta = { actorId: ALICE, correlationId: 'corr', causationId: null };
let ids = 0;
const recorded = (event: PostEvent) => ({ eventId: `01900000-0000-7000-a000-${String(++ids).padStart(12, '0')}`, event });

describe('post_event rows', () => {
  it('store the published contract and read back into the same domain events', () => {
    const post = Post.publish({ id: POST_ID, authorId: ALICE, body: 'one', visibility: 'CIRCLE', circleIds: [CIRCLE_1], at: new Date('2026-01-01T00:00:00.001Z') });
    post.edit(ALICE, 'two', new Date('2026-01-01T00:01:00.002Z'));
    post.changeVisibility(ALICE, { visibility: 'FOLLOWERS' }, new Date('2026-01-01T00:01:30.000Z'));
    post.setCommentsDisabled(ALICE, true, new Date('2026-01-01T00:01:40.000Z'));
    post.delete(ALICE, new Date('2026-01-01T00:02:00.003Z'));
    const rows = post.events.map((event) => {
      const withId = recorded(event);
      const envelope = toEnvelope(withId, meta);
      const row = toStoredEvent(withId);
      expect(row).toMatchObject({ postId: POST_ID, version: event.version, type: envelope.type, payload: envelope.payload, eventId: envelope.id });
      return row;
    });
    // Through JSON, as jsonb would hand it back.
    const replayed = rows.map((row) => fromStoredEvent(JSON.parse(JSON.stringify(row))));
    expect(replayed).toEqual(post.events);
    expect(Post.fromHistory(replayed)?.snapshot).toEqual(post.snapshot);
  });

  it('access events publish the whole access state at their version; a published event from before the setting reads as comments on', () => {
    const post = Post.publish({ id: POST_ID, authorId: ALICE, body: 'one', visibility: 'PUBLIC', commentsDisabled: true, at: new Date('2026-01-01T00:00:00.000Z') });
    post.changeVisibility(ALICE, { visibility: 'CIRCLE', circleIds: [CIRCLE_1] }, new Date('2026-01-01T00:01:00.000Z'));
    post.setCommentsDisabled(ALICE, false, new Date('2026-01-01T00:02:00.000Z'));
    const [published, visibility, comments] = post.events.map((event) => toEnvelope(recorded(event), meta));
    expect(published).toMatchObject({ type: 'posts.post.published.v1', payload: { commentsDisabled: true } });
    expect(visibility).toMatchObject({
      type: 'posts.post.visibility-changed.v1',
      aggregateVersion: 2,
      payload: { postId: POST_ID, authorId: ALICE, visibility: 'CIRCLE', circleIds: [CIRCLE_1], commentsDisabled: true, version: 2, changedAt: '2026-01-01T00:01:00.000Z' },
    });
    expect(comments).toMatchObject({
      type: 'posts.post.comments-toggled.v1',
      aggregateVersion: 3,
      payload: { visibility: 'CIRCLE', circleIds: [CIRCLE_1], commentsDisabled: false, version: 3, changedAt: '2026-01-01T00:02:00.000Z' },
    });
    const legacy = { postId: POST_ID, authorId: ALICE, body: 'old', visibility: 'PUBLIC', circleIds: [], publishedAt: '2025-01-01T00:00:00.000Z' };
    expect(fromStoredEvent({ postId: POST_ID, version: 1, eventId: 'x', occurredAt: new Date(), type: 'posts.post.published.v1', payload: legacy })).toMatchObject({
      commentsDisabled: false,
    });
  });

  it('refuses an unknown type or a payload that breaks its contract', () => {
    const row = { postId: POST_ID, version: 1, eventId: 'x', occurredAt: new Date() };
    expect(() => fromStoredEvent({ ...row, type: 'posts.post.liked.v1', payload: {} })).toThrow(/unknown event type/);
    expect(() => fromStoredEvent({ ...row, type: 'posts.post.published.v1', payload: { postId: POST_ID } })).toThrow();
  });
});

import { describe, expect, it } from 'vitest';
import { Post } from '../domain/post/post.aggregate';
import type { PostEvent } from '../domain/post/post.events';
import { fromStoredEvent, toStoredEvent } from './post-event-store.mapper';
import { toEnvelope } from './post-events.mapper';
import { ALICE, CIRCLE_1 } from '../domain/post/post.mother';

const POST_ID = '01900000-0000-7000-8000-0000000000f1';
const MEDIA_1 = '01900000-0000-7000-8000-0000000000e1';
const MEDIA_2 = '01900000-0000-7000-8000-0000000000e2';
const meta = { actorId: ALICE, correlationId: 'corr', causationId: null };
let ids = 0;
const recorded = (event: PostEvent) => ({ eventId: `01900000-0000-7000-a000-${String(++ids).padStart(12, '0')}`, event });

describe('post_event rows', () => {
  it("store posts' own events (type and data), not the contract, and read back into the same domain events", () => {
    const post = Post.publish({
      id: POST_ID,
      authorId: ALICE,
      body: 'one',
      visibility: 'CIRCLE',
      circleIds: [CIRCLE_1],
      attachmentIds: [MEDIA_2, MEDIA_1],
      attachable: new Set([MEDIA_1, MEDIA_2]),
      at: new Date('2026-01-01T00:00:00.001Z'),
    });
    post.edit(ALICE, 'two', new Date('2026-01-01T00:01:00.002Z'));
    post.changeVisibility(ALICE, { visibility: 'FOLLOWERS' }, new Date('2026-01-01T00:01:30.000Z'));
    post.setCommentsDisabled(ALICE, true, new Date('2026-01-01T00:01:40.000Z'));
    post.delete(ALICE, new Date('2026-01-01T00:02:00.003Z'));
    const rows = post.events.map((event) => {
      const withId = recorded(event);
      const envelope = toEnvelope(withId, meta);
      const row = toStoredEvent(withId);
      expect(row).toMatchObject({ postId: POST_ID, version: event.version, type: event.type, eventId: envelope.id, occurredAt: event.at });
      // The stored data is the domain's; the published payload says the same, in the contract's words.
      expect(envelope.payload).toMatchObject(row.payload as object);
      return row;
    });
    expect(rows.map((row) => row.payload)).toEqual([
      {
        authorId: ALICE,
        body: 'one',
        visibility: 'CIRCLE',
        circleIds: [CIRCLE_1],
        commentsDisabled: false,
        attachmentIds: [MEDIA_2, MEDIA_1],
      },
      { authorId: ALICE, body: 'two' },
      { authorId: ALICE, visibility: 'FOLLOWERS', circleIds: [], commentsDisabled: false },
      { authorId: ALICE, visibility: 'FOLLOWERS', circleIds: [], commentsDisabled: true },
      { authorId: ALICE },
    ]);
    // Through JSON, as jsonb would hand it back.
    const replayed = rows.map((row) => fromStoredEvent(JSON.parse(JSON.stringify(row))));
    expect(replayed).toEqual(post.events);
    expect(Post.fromHistory(replayed)?.snapshot).toEqual(post.snapshot);
  });

  it('refuses an unknown type (a published contract type included) or data that does not parse, naming the row', () => {
    const row = { postId: POST_ID, version: 1, eventId: 'x', occurredAt: new Date() };
    expect(() => fromStoredEvent({ ...row, type: 'PostLiked', payload: {} })).toThrow(/unknown event type/);
    expect(() => fromStoredEvent({ ...row, type: 'posts.post.published.v1', payload: {} })).toThrow(/unknown event type/);
    expect(() => fromStoredEvent({ ...row, type: 'PostPublished', payload: { authorId: ALICE } })).toThrow(
      new RegExp(`post_event ${POST_ID}@1: PostPublished`),
    );
    // A publish without its attachments (the media_attachments migration gives old rows `[]`).
    const publish = { authorId: ALICE, body: 'b', visibility: 'PUBLIC', circleIds: [], commentsDisabled: false };
    expect(() => fromStoredEvent({ ...row, type: 'PostPublished', payload: publish })).toThrow(/attachmentIds/);
    expect(fromStoredEvent({ ...row, type: 'PostPublished', payload: { ...publish, attachmentIds: [] } })).toMatchObject({
      attachmentIds: [],
    });
  });
});

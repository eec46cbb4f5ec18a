import type { PostSnapshot } from './post.aggregate';
import type { PostEvent } from './post.events';

export const ALICE = '01900000-0000-7000-8000-00000000a11c';
export const BOB = '01900000-0000-7000-8000-000000000b0b';
export const CIRCLE_1 = '01900000-0000-7000-8000-0000000c1c01';

let counter = 0;

/** A stored, live post by Alice unless told otherwise. */
export function aPost(overrides: Partial<PostSnapshot> = {}): PostSnapshot {
  counter += 1;
  return {
    id: `01900000-0000-7000-9000-${counter.toString(16).padStart(12, '0')}`,
    authorId: ALICE,
    body: 'Hello, Agora',
    visibility: 'PUBLIC',
    circleIds: [],
    commentsDisabled: false,
    attachmentIds: [],
    version: 1,
    createdAt: new Date('2026-01-01T00:00:00.000Z'),
    editedAt: null,
    deletedAt: null,
    removedAt: null,
    moderatedAt: null,
    ...overrides,
  };
}

/**
 * The shortest stream that projects to `post` (a test arrangement for an event-sourced store):
 * the publish with the current body and access state, access events restating that state until
 * the version is reached, then the edit (at editedAt) and the delete (at deletedAt) when the post
 * has them. An edited or deleted post therefore needs a version above 1 per such event.
 */
export function historyOf(post: PostSnapshot): PostEvent[] {
  const base = (version: number, at: Date) => ({ postId: post.id, authorId: post.authorId, version, at });
  const access = { visibility: post.visibility, circleIds: [...post.circleIds], commentsDisabled: post.commentsDisabled };
  const events: PostEvent[] = [
    { type: 'PostPublished', ...base(1, post.createdAt), body: post.body, ...access, attachmentIds: [...post.attachmentIds] },
  ];
  const closing = (post.editedAt ? 1 : 0) + (post.deletedAt ? 1 : 0);
  while (events.length < post.version - closing) {
    events.push({ type: 'PostCommentsToggled', ...base(events.length + 1, post.createdAt), ...access });
  }
  if (post.editedAt) events.push({ type: 'PostEdited', ...base(events.length + 1, post.editedAt), body: post.body });
  if (post.deletedAt) events.push({ type: 'PostDeleted', ...base(events.length + 1, post.deletedAt) });
  return events;
}

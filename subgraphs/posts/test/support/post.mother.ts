import type { PostSnapshot } from '../../src/domain/post/post.aggregate';

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
    version: 1,
    createdAt: new Date('2026-01-01T00:00:00.000Z'),
    editedAt: null,
    deletedAt: null,
    ...overrides,
  };
}

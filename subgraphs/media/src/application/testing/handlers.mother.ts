import { rejection, useCaseSetup } from '@agora/context-runtime/testing';
import type { CommandRequest } from '@agora/context-runtime';
import type { MediaItemState } from '../../domain/media-item/media-item';
import type { TransactionScope } from '../ports';
import { InMemoryUnitOfWork } from './in-memory-unit-of-work';

/** Fixed people, posts and instants for the use-case tests. */
export const ALICE = '01900000-0000-7000-8000-00000000a11c';
export const BOB = '01900000-0000-7000-8000-000000000b0b';
export const POST_1 = '01900000-0000-7000-8000-00000000b051';
export const POST_2 = '01900000-0000-7000-8000-00000000b052';
export const UNKNOWN = '01900000-0000-7000-8000-0000000dead0';
export const T1 = new Date('2026-03-01T12:00:00.000Z');

/** Commands as the graph sends them. */
export const as = (userId: string, input: unknown): CommandRequest => ({
  viewer: { userId, username: 'someone' },
  input,
  requestId: 'req-1',
});

let itemIds = 0;
/** A media item of Alice's, READY image unless told otherwise. */
export function aMediaItem(overrides: Partial<MediaItemState> = {}): MediaItemState {
  itemIds += 1;
  return {
    id: `01935f0e-7a3c-7000-9000-${String(itemIds).padStart(12, '0')}`,
    ownerId: ALICE,
    kind: 'IMAGE',
    status: 'READY',
    declaredContentType: 'image/png',
    declaredByteSize: 1000,
    contentType: 'image/png',
    byteSize: 900,
    width: 64,
    height: 48,
    hasThumbnail: true,
    caption: null,
    failureReason: null,
    filename: 'cat.png',
    uploadExpiresAt: new Date(T1.getTime() + 15 * 60_000),
    createdAt: T1,
    readyAt: T1,
    ...overrides,
  };
}

/**
 * A unit of work, a clock (at T1 unless moved with `clock.set`), an id generator with
 * predictable UUIDs, and the command pipeline over them, as app.ts wires them.
 */
export function setup() {
  return useCaseSetup<TransactionScope, InMemoryUnitOfWork>({ context: 'MEDIA', unitOfWork: new InMemoryUnitOfWork(), at: T1 });
}

export { rejection };

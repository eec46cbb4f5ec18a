import { rejection, useCaseSetup } from '@agora/context-runtime/testing';
import type { CommandRequest } from '@agora/context-runtime';
import type { TransactionScope } from '../ports';
import { InMemoryUnitOfWork } from './in-memory-unit-of-work';

/** Fixed people and posts for the use-case tests. */
export const ALICE = '01900000-0000-7000-8000-00000000a11c'; // writes posts
export const BOB = '01900000-0000-7000-8000-000000000b0b'; // comments
export const CAROL = '01900000-0000-7000-8000-0000000ca201';
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

/**
 * A unit of work, a frozen clock at T1, an id generator with predictable UUIDs, and the command
 * pipeline over them (`commands.bind(addComment).execute(as(BOB, ...))`), as app.ts wires them.
 */
export function setup() {
  return useCaseSetup<TransactionScope, InMemoryUnitOfWork>({ context: 'COMMENTS', unitOfWork: new InMemoryUnitOfWork(), at: T1 });
}

export { rejection };

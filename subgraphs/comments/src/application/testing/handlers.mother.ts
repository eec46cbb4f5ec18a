import type { Command } from '../command';
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
export const as = (userId: string, input: unknown): Command => ({ viewer: { userId, username: 'someone' }, input, requestId: 'req-1' });

/** A unit of work, a frozen clock at T1 and an id generator with predictable UUIDs. */
export function setup() {
  let ids = 0;
  return {
    unitOfWork: new InMemoryUnitOfWork(),
    clock: { now: () => T1 },
    ids: { newId: () => `01935f0e-7a3c-7000-8000-${String(++ids).padStart(12, '0')}` },
  };
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error & { code?: string; reason?: string; field?: string }> {
  const outcome = await promise.then(
    () => ({ resolved: true as const }),
    (error: unknown) => ({ resolved: false as const, error }),
  );
  if (outcome.resolved) throw new Error('expected the command to fail');
  return outcome.error as Error & { code?: string; reason?: string; field?: string };
}

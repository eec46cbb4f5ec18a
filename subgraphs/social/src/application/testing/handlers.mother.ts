import { ALICE, T1 } from '../../domain/social.mother';
import type { Command } from '../command';
import { InMemoryUnitOfWork } from './in-memory-unit-of-work';

/** Commands as the graph sends them: Alice is the viewer unless told otherwise. */
export const asAlice = (input: unknown): Command => ({ viewer: { userId: ALICE, username: 'alice' }, input, requestId: 'req-1' });
export const asViewer = (userId: string, input: unknown): Command => ({ viewer: { userId, username: 'someone' }, input, requestId: 'req-2' });

let ids = 0;
/** A unit of work, a frozen clock at T1 and an id generator with predictable UUIDs. */
export function setup() {
  const unitOfWork = new InMemoryUnitOfWork();
  return {
    unitOfWork,
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

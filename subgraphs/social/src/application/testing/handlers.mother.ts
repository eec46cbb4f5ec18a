import { bindConsumer, createCommandPipeline, type CommandRequest, type ConsumerDefinition } from '@agora/context-runtime';
import { ALICE, T1 } from '../../domain/social.mother';
import type { TransactionScope } from '../ports';
import { InMemoryUnitOfWork } from './in-memory-unit-of-work';

/** Commands as the graph sends them: Alice is the viewer unless told otherwise. */
export const asAlice = (input: unknown): CommandRequest => ({ viewer: { userId: ALICE, username: 'alice' }, input, requestId: 'req-1' });
export const asViewer = (userId: string, input: unknown): CommandRequest => ({
  viewer: { userId, username: 'someone' },
  input,
  requestId: 'req-2',
});

let ids = 0;
/**
 * A unit of work, a frozen clock at T1, an id generator with predictable UUIDs, and the command
 * pipeline over them (`commands.bind(followUser).execute(asAlice(...))`), as app.ts wires them.
 */
export function setup() {
  const unitOfWork = new InMemoryUnitOfWork();
  const clock = { now: () => T1 };
  const idGenerator = { newId: () => `01935f0e-7a3c-7000-8000-${String(++ids).padStart(12, '0')}` };
  return {
    unitOfWork,
    clock,
    ids: idGenerator,
    commands: createCommandPipeline<TransactionScope>({ context: 'SOCIAL', unitOfWork, clock, ids: idGenerator }),
    consumer: <T extends string, P>(consumer: ConsumerDefinition<T, P, TransactionScope>, durable?: string) =>
      bindConsumer(unitOfWork, consumer, { clock, durable }),
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

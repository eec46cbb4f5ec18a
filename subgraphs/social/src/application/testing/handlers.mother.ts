import { rejection, useCaseSetup } from '@agora/context-runtime/testing';
import type { CommandRequest } from '@agora/context-runtime';
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

/**
 * A unit of work, a frozen clock at T1, an id generator with predictable UUIDs, and the command
 * pipeline over them (`commands.bind(followUser).execute(asAlice(...))`), as app.ts wires them.
 */
export function setup() {
  return useCaseSetup<TransactionScope, InMemoryUnitOfWork>({ context: 'SOCIAL', unitOfWork: new InMemoryUnitOfWork(), at: T1 });
}

export { rejection };

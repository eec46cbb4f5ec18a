import { createCommandPipeline, type CommandDefinition, type CommandRequest } from '@agora/context-runtime';
import type { IdGenerator } from '@agora/kernel';
import type { z } from 'zod';
import type { TransactionScope } from '../ports';
import { InMemoryUnitOfWork } from './in-memory-unit-of-work';

/** The instant every command of a use-case test runs at. */
export const NOW = new Date('2026-01-02T03:04:05.678Z');

/** A valid post id that names no post. */
export const MISSING_POST = '01900000-0000-7000-9000-00000000dead';

/** Deterministic, valid UUIDv7-shaped ids: 0190…0001, 0190…0002, … */
export class SequentialIds implements IdGenerator {
  private n = 0;
  newId(): string {
    this.n += 1;
    return `01900000-0000-7000-8000-${this.n.toString(16).padStart(12, '0')}`;
  }
}

/** A command request as the graph sends it: `userId` signed in, request id `requestId`. */
export const by = (userId: string, input: unknown, requestId = 'c'): CommandRequest => ({
  viewer: { userId, username: `user_${userId.slice(-4)}` },
  input,
  requestId,
});

/** The in-memory unit of work (with its social replica) and the command pipeline over it, as app.ts wires them. */
export function setup() {
  const unitOfWork = new InMemoryUnitOfWork();
  const commands = createCommandPipeline<TransactionScope>({
    context: 'POSTS',
    unitOfWork,
    clock: { now: () => new Date(NOW) },
    ids: new SequentialIds(),
  });
  return { unitOfWork, social: unitOfWork.social, media: unitOfWork.media, commands };
}

/** One command under test, over a fresh setup: `execute(userId, input)` runs it through the pipeline as `userId`. */
export function arrange<Schema extends z.ZodType, Result>(command: CommandDefinition<Schema, Result, TransactionScope, 'required'>) {
  const { commands, ...rest } = setup();
  return {
    ...rest,
    execute: (userId: string, input: unknown, requestId?: string): Promise<Result> =>
      commands.execute(command, by(userId, input, requestId)),
  };
}

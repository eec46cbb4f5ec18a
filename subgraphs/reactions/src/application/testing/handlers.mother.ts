import { bindConsumer, createCommandPipeline, type CommandRequest, type ConsumerDefinition } from '@agora/context-runtime';
import type { Clock } from '@agora/kernel';
import type { Viewer } from '@agora/service-kit';
import type { TransactionScope } from '../ports';
import { InMemoryUnitOfWork } from './in-memory-unit-of-work';

let sequence = 0;
/** A fresh UUID-shaped id (v7 layout) for test data. */
export function anId(): string {
  sequence += 1;
  return `01900000-0000-7000-8000-${sequence.toString(16).padStart(12, '0')}`;
}
export function aViewer(): Viewer {
  const userId = anId();
  return { userId, username: `user_${userId.slice(-4)}` };
}

export class StepClock implements Clock {
  private minute = 0;
  now(): Date {
    this.minute += 1;
    return new Date(Date.UTC(2026, 2, 1, 12, this.minute));
  }
}

/** A command as the graph sends it. */
export function command(viewer: Viewer, input: unknown): CommandRequest {
  return { viewer, input, requestId: 'request-1' };
}

/**
 * A unit of work, a clock that moves a minute per reading, and the command pipeline over them
 * (`commands.bind(react).execute(command(viewer, ...))`), as app.ts wires them; `consumer(c)`
 * delivers events to a consumer through the same unit of work.
 */
export function deps() {
  const unitOfWork = new InMemoryUnitOfWork();
  const clock = new StepClock();
  return {
    unitOfWork,
    clock,
    commands: createCommandPipeline<TransactionScope>({ context: 'REACTIONS', unitOfWork, clock, ids: { newId: anId } }),
    consumer: <T extends string, P>(consumer: ConsumerDefinition<T, P, TransactionScope>, durable?: string) =>
      bindConsumer(unitOfWork, consumer, { clock, durable }),
  };
}

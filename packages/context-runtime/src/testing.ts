/**
 * @agora/context-runtime/testing — what every context's use-case tests set up the same way: the
 * command pipeline and consumers over an in-memory unit of work, a clock the test moves, ids that
 * read well in assertions, and the typed error a command rejects with. Test code only.
 */
import type { Clock } from '@agora/kernel';
import { createCommandPipeline, type CommandPipeline, type CommandRunner } from './commands/command';
import { bindConsumer, type ConsumerDefinition, type InboxRunner } from './commands/consumer';

/** A clock at `start` until the test moves it with `set`. */
export interface TestClock extends Clock {
  set(at: Date): void;
}

/** UUIDs `01935f0e-7a3c-7000-8000-000000000001`, `…002`, … in order (valid v7 shape, easy to read). */
export function sequentialIds(): { newId(): string } {
  let count = 0;
  return { newId: () => `01935f0e-7a3c-7000-8000-${String(++count).padStart(12, '0')}` };
}

/**
 * The pipeline as a context's app.ts wires it, over `unitOfWork`: `commands` runs commands,
 * `consumer(definition)` binds a consumer for `deliver`-style tests, `clock` starts at `at`.
 */
export function useCaseSetup<Scope, UnitOfWork extends CommandRunner<Scope> & InboxRunner<Scope>>(options: {
  context: string;
  unitOfWork: UnitOfWork;
  at: Date;
  /** The pipeline's `AUTH_REQUIRE_VERIFIED_EMAIL` policy; default off. */
  requireVerifiedEmail?: boolean;
}) {
  const { context, unitOfWork, requireVerifiedEmail = false } = options;
  let now = options.at;
  const clock: TestClock = { now: () => now, set: (at) => void (now = at) };
  const ids = sequentialIds();
  const commands: CommandPipeline<Scope> = createCommandPipeline<Scope>({ context, unitOfWork, clock, ids, requireVerifiedEmail });
  return {
    unitOfWork,
    clock,
    ids,
    commands,
    consumer: <T extends string, P>(consumer: ConsumerDefinition<T, P, Scope>, durable?: string) =>
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

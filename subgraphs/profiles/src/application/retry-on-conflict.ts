import { ConcurrentModificationError, DomainError } from '@agora/kernel';
import type { UnitOfWork } from './ports';

/** What a client hears when every attempt of its command lost the race. */
export const concurrentUpdate = (): DomainError =>
  new DomainError('CONFLICT', 'PROFILES.CONCURRENT_UPDATE', 'The profile changed while saving; try again');

/**
 * Profiles' unit of work, re-running a whole transaction when it lost an optimistic-concurrency
 * race (two first writes of the same profile, or two updates of one version). Each attempt
 * re-reads the current state, so retrying is safe. After `attempts`, a command fails as CONFLICT
 * (PROFILES.CONCURRENT_UPDATE); a consumed event rethrows the conflict, so the message is
 * redelivered later.
 */
export function retryingOnConflict(unitOfWork: UnitOfWork, attempts = 3): UnitOfWork {
  return {
    run: (work) =>
      retry(() => unitOfWork.run(work), attempts).catch((error: unknown) => {
        throw error instanceof ConcurrentModificationError ? concurrentUpdate() : error;
      }),
    runOnce: (consumer, eventId, work) => retry(() => unitOfWork.runOnce(consumer, eventId, work), attempts),
  };
}

async function retry<R>(transaction: () => Promise<R>, attempts: number): Promise<R> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await transaction();
    } catch (error) {
      if (!(error instanceof ConcurrentModificationError) || attempt >= attempts) throw error;
    }
  }
}

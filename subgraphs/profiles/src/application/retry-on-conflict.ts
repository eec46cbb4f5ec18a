import { ConcurrentModificationError } from './ports';

/**
 * Re-runs a whole transaction when it lost an optimistic-concurrency race (two first writes of
 * the same profile, or two updates of one version). Each attempt re-reads the current state, so
 * retrying is safe; after `attempts` the last conflict is rethrown.
 */
export async function retryOnConflict<R>(transaction: () => Promise<R>, attempts = 3): Promise<R> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await transaction();
    } catch (error) {
      if (!(error instanceof ConcurrentModificationError) || attempt >= attempts) throw error;
    }
  }
}

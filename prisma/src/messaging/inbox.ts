import type { SqlExecutor, TransactionalClient } from './sql-executor';

/**
 * Runs `effect` and records (consumer, event id) in `inbox` in ONE transaction. Returns false
 * (and runs nothing) when that consumer already processed the event.
 *
 * The inbox row is inserted first: a concurrent duplicate delivery then blocks on the primary
 * key until this transaction ends, and sees the row (skips) if we committed, or inserts it and
 * runs the effect itself if we rolled back. If the effect throws, the row goes with it, so the
 * redelivery runs the effect again.
 */
export async function handleOnce<Tx extends SqlExecutor>(
  client: TransactionalClient<Tx>,
  consumer: string,
  eventId: string,
  effect: (tx: Tx) => Promise<void>,
): Promise<boolean> {
  return client.$transaction(async (tx) => {
    const inserted = await tx.$executeRawUnsafe(
      `INSERT INTO inbox (consumer, event_id) VALUES ($1, $2::uuid) ON CONFLICT DO NOTHING`,
      consumer,
      eventId,
    );
    if (inserted === 0) return false;
    await effect(tx);
    return true;
  });
}

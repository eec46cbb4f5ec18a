import type { EventEnvelope } from '@agora/events';
import { chunks } from '@agora/kernel';
import type { OutboxRecord, OutboxStore } from '@agora/messaging';
import { placeholders, type SqlExecutor } from './sql-executor';

/** Keeps one statement well under Postgres' 65 535 bind parameters. */
const MAX_ROWS_PER_STATEMENT = 1000;

/**
 * Inserts envelopes into `outbox` inside the caller's transaction, in array order (one
 * multi-row INSERT: `seq` defaults are drawn row by row, so `seq` follows the array).
 */
export async function appendToOutbox(tx: SqlExecutor, events: readonly EventEnvelope[]): Promise<void> {
  for (const batch of chunks(events, MAX_ROWS_PER_STATEMENT)) {
    const values: unknown[] = [];
    const rows = batch.map((event, i) => {
      values.push(event.id, event.type, event.aggregateId, JSON.stringify(event));
      const n = i * 4;
      return `($${n + 1}::uuid, $${n + 2}, $${n + 3}, $${n + 4}::jsonb)`;
    });
    await tx.$executeRawUnsafe(`INSERT INTO outbox (id, type, aggregate_id, envelope) VALUES ${rows.join(', ')}`, ...values);
  }
}

interface OutboxRow {
  id: string;
  type: string;
  envelope: EventEnvelope | string;
}

/** OutboxStore (the relay's port) over the context's `outbox` table. */
export function createOutboxStore(db: SqlExecutor): OutboxStore {
  return {
    async fetchUnpublished(limit: number): Promise<OutboxRecord[]> {
      const rows = await db.$queryRawUnsafe<OutboxRow[]>(
        `SELECT id::text AS id, type, envelope FROM outbox WHERE published_at IS NULL ORDER BY seq LIMIT $1::int`,
        limit,
      );
      return rows.map((row) => ({
        id: row.id,
        type: row.type,
        // Prisma returns jsonb parsed; tolerate a driver that hands back the text.
        envelope: typeof row.envelope === 'string' ? (JSON.parse(row.envelope) as EventEnvelope) : row.envelope,
      }));
    },
    async markPublished(ids: string[]): Promise<void> {
      for (const batch of chunks(ids, MAX_ROWS_PER_STATEMENT)) {
        // IN ($1, $2, …) rather than = ANY($1): array parameters are not mapped alike by every adapter.
        await db.$executeRawUnsafe(
          `UPDATE outbox SET published_at = now() WHERE published_at IS NULL AND id IN (${placeholders(batch.length, 0, '::uuid')})`,
          ...batch,
        );
      }
    },
  };
}

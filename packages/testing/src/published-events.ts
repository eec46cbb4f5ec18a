import { parseEvent, type EventContract, type EventEnvelope } from '@agora/events';
import { waitFor } from './wait-for';

/** The part of a JetStream manager these helpers read through (structural: no NATS import here). */
export interface StreamReader {
  streams: {
    info(stream: string): Promise<{ state: { last_seq: number } }>;
    getMessage(stream: string, query: { seq: number }): Promise<{ subject: string; json<T = unknown>(): T } | null>;
  };
}

/** What the check needs of a context's Prisma client: a count of the outbox rows not yet published. */
export interface OutboxReader {
  $queryRawUnsafe<T>(query: string): Promise<T>;
}

/** The stream's last sequence now: read the events published after it with `publishedSince`. */
export async function streamPosition(jsm: StreamReader, stream: string): Promise<number> {
  return (await jsm.streams.info(stream)).state.last_seq;
}

/**
 * Waits until the relay has published every committed outbox row (it marks a row published only
 * after JetStream acknowledged it), so the stream then holds everything the context produced.
 */
export async function outboxDrained(prisma: OutboxReader): Promise<void> {
  await waitFor(
    async () => {
      const [row] = await prisma.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`);
      return row?.n === 0;
    },
    { timeoutMs: 30_000, intervalMs: 25, message: 'outbox published' },
  );
}

/**
 * The events of `contract` in `stream` after sequence `after`, in stream order, each parsed by the
 * contract (an envelope that breaks it fails the test). Call `outboxDrained` first.
 */
export async function publishedSince<T extends string, P>(
  jsm: StreamReader,
  stream: string,
  contract: EventContract<T, P>,
  after: number,
): Promise<EventEnvelope<P, T>[]> {
  const last = await streamPosition(jsm, stream);
  const events: EventEnvelope<P, T>[] = [];
  for (let seq = after + 1; seq <= last; seq++) {
    const message = await jsm.streams.getMessage(stream, { seq });
    if (message?.subject === contract.type) events.push(parseEvent(contract, message.json()));
  }
  return events;
}

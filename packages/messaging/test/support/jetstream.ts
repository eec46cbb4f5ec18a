import { jetstream, jetstreamManager, type StoredMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { EventEnvelope } from '@agora/events';

/** Every message currently in `stream`, oldest first (direct reads by sequence, no consumer). */
export async function readStream(nc: NatsConnection, stream: string): Promise<StoredMsg[]> {
  const jsm = await jetstreamManager(nc);
  const { state } = await jsm.streams.info(stream);
  const messages: StoredMsg[] = [];
  if (state.messages === 0) return messages;
  for (let seq = state.first_seq; seq <= state.last_seq; seq++) {
    const message = await jsm.streams.getMessage(stream, { seq });
    if (message) messages.push(message);
  }
  return messages;
}

/** Publishes an envelope straight to JetStream, as the relay would. */
export async function publishEvent(nc: NatsConnection, event: EventEnvelope): Promise<void> {
  await jetstream(nc).publish(event.type, JSON.stringify(event), { msgID: event.id });
}

export async function consumerInfo(nc: NatsConnection, stream: string, durable: string) {
  return (await jetstreamManager(nc)).consumers.info(stream, durable);
}

import type { JetStreamClient, JsMsg } from '@nats-io/jetstream';
import { headers } from '@nats-io/transport-node';
import { deadLetterSubject } from './names';

/** Headers on a dead-lettered copy; the body is the original message, byte for byte. */
export const DEAD_LETTER_HEADERS = {
  originalSubject: 'Agora-Original-Subject',
  originalStream: 'Agora-Original-Stream',
  originalSequence: 'Agora-Original-Sequence',
  durable: 'Agora-Durable',
  error: 'Agora-Error',
  deliveryCount: 'Agora-Delivery-Count',
} as const;

export interface DeadLetterInput {
  durable: string;
  error: string;
  deliveryCount: number;
  timeoutMs: number;
}

/**
 * Copies `msg` to `dlq.<context>.<durable>.<subject>` and waits for the DLQ stream's ack. The msgID is
 * derived from (durable, stream sequence), so if the consumer crashes before it terms the
 * original and dead-letters it again, the DLQ still holds one copy.
 */
export async function publishDeadLetter(js: JetStreamClient, msg: JsMsg, input: DeadLetterInput): Promise<string> {
  const subject = deadLetterSubject(input.durable, msg.subject);
  const h = headers();
  h.set(DEAD_LETTER_HEADERS.originalSubject, msg.subject);
  h.set(DEAD_LETTER_HEADERS.originalStream, msg.info.stream);
  h.set(DEAD_LETTER_HEADERS.originalSequence, String(msg.info.streamSequence));
  h.set(DEAD_LETTER_HEADERS.durable, input.durable);
  h.set(DEAD_LETTER_HEADERS.error, headerSafe(input.error));
  h.set(DEAD_LETTER_HEADERS.deliveryCount, String(input.deliveryCount));
  await js.publish(subject, msg.data, {
    headers: h,
    msgID: `${input.durable}:${msg.info.stream}:${msg.info.streamSequence}`,
    timeout: input.timeoutMs,
  });
  return subject;
}

/** Header values are one line of printable text; error messages may be neither. */
function headerSafe(text: string): string {
  const oneLine = text
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/[^\x20-\x7e]/g, '?')
    .trim();
  return (oneLine || 'unknown error').slice(0, 1024);
}

import { CommentAddedV1, type EventEnvelope } from '@agora/events';
import { processFaultPoints } from '@agora/messaging';
import type { Logger } from '@agora/service-kit';
import { Prisma } from './prisma/__generated__/client';

/**
 * TEST-ONLY fault point of notifications, one of @agora/messaging's fault points (`AGORA_FAULT`,
 * honoured only when NODE_ENV=test, read once by the shared runtime):
 * - `notifications.after-effect-before-ack`: once NotifyOnCommentAdded committed a comment's
 *   notifications and their mails, waits until the mail worker has SENT those mails, then kills
 *   the process with SIGKILL before the event is acked — the crash the "done when" names.
 *   JetStream redelivers the event to the restarted process; the mail must not go out again.
 */
export type NotificationsFault = 'notifications.after-effect-before-ack';

/** The notifications fault the process's AGORA_FAULT enables, if any. */
export const requestedFault = (): NotificationsFault | undefined =>
  processFaultPoints().enabled('notifications.after-effect-before-ack') ? 'notifications.after-effect-before-ack' : undefined;

/** The consumers' `beforeAck` hook of the fault. */
export function afterEffectBeforeAck(parts: {
  prisma: () => Pick<Prisma.TransactionClient, '$queryRaw'>;
  drainMail: () => Promise<void>;
  logger: Pick<Logger, 'warn'>;
}): (event: EventEnvelope, consumer: string) => Promise<void> {
  return async (event, consumer) => {
    if (event.type !== CommentAddedV1.type || !consumer.endsWith('--notify-on-comment-added')) return;
    const deadline = Date.now() + 30_000;
    for (;;) {
      await parts.drainMail();
      const [row] = await parts.prisma().$queryRaw<{ mails: number; unsent: number }[]>`
        SELECT count(m.id)::int AS mails, count(m.id) FILTER (WHERE m.sent_at IS NULL)::int AS unsent
        FROM notification n JOIN mail_outbox m ON m.id = n.id
        WHERE n.source_event_id = ${event.id}::uuid`;
      if (row && row.unsent === 0) {
        parts.logger.warn({ eventId: event.id, mails: row.mails }, 'fault notifications.after-effect-before-ack: SIGKILL before the ack');
        processFaultPoints().crash('notifications.after-effect-before-ack');
      }
      if (Date.now() > deadline) throw new Error('fault point: the mails were not sent within 30 s');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
}

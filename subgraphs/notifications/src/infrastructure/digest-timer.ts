import { periodicTask, type CommandPipeline } from '@agora/context-runtime';
import type { Logger } from '@agora/service-kit';
import type { DigestCandidate, NotificationScope } from '../application/ports';
import { DIGEST_BATCH, findDueDigests, sendDigest } from '../application/send-digests/send-digest.command';

export interface DigestTimer {
  start(): void;
  stop(): Promise<void>;
  /** One round now (every due person, a transaction each); how many digests it queued. */
  run(): Promise<number>;
}

const request = (input: unknown) => ({ input, viewer: null, requestId: 'notifications-digests' });

/**
 * The background task that sends digests: a round at start-up and then every `intervalMs`; each
 * round reads the due people a page at a time (the context's clock decides the period) and runs
 * `sendDigest` for each in its own transaction. Two instances or a restart may both try one
 * person: the DigestRun key lets one digest through per period. A failed person is logged and
 * tried again at the next round; `stop` waits for a running round.
 */
export function digestTimer(
  commands: CommandPipeline<NotificationScope>,
  logger: Pick<Logger, 'info' | 'warn'>,
  intervalMs: number,
): DigestTimer {
  return periodicTask({
    didSomething: 'digests queued',
    failed: 'digest round failed; retried at the next interval',
    intervalMs,
    logger,
    round: async (isStopped) => {
      let sent = 0;
      let after: string | null = null;
      for (;;) {
        const due: DigestCandidate[] = await commands.execute(findDueDigests, request({ after }));
        for (const candidate of due) {
          if (isStopped()) return sent;
          const queued = await commands.execute(sendDigest, request({ accountId: candidate.accountId })).catch((err: unknown) => {
            logger.warn({ err, accountId: candidate.accountId }, 'digest failed; tried again at the next round');
            return false;
          });
          if (queued) sent += 1;
        }
        if (due.length < DIGEST_BATCH || isStopped()) return sent;
        after = due[due.length - 1]!.accountId;
      }
    },
  });
}

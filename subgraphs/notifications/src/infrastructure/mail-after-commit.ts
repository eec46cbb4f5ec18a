import type { CommandRunner, InboxRunner } from '@agora/context-runtime';
import type { NotificationScope, UnitOfWork } from '../application/ports';

/**
 * Notifications' unit of work: the shared one, and the mail worker woken after a commit that
 * queued mail (never after a rollback or a skipped redelivery), so a mail leaves without waiting
 * for the worker's next poll. `wake` is late-bound: the worker is created after the unit of work.
 */
export function wakingMailWorkerAfterCommit(
  inner: CommandRunner<NotificationScope> & InboxRunner<NotificationScope>,
  wake: () => void,
): UnitOfWork {
  const tracking = (scope: NotificationScope, queued: { any: boolean }): NotificationScope => ({
    ...scope,
    mail: {
      async enqueue(mails) {
        if (mails.length === 0) return;
        await scope.mail.enqueue(mails);
        queued.any = true;
      },
    },
  });
  return {
    async run(work) {
      const queued = { any: false };
      const result = await inner.run((scope) => work(tracking(scope, queued)));
      if (queued.any) wake();
      return result;
    },
    async runOnce(consumer, eventId, work) {
      const queued = { any: false };
      const ran = await inner.runOnce(consumer, eventId, (scope) => work(tracking(scope, queued)));
      if (ran && queued.any) wake();
      return ran;
    },
  };
}

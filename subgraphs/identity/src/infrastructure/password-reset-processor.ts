import type { Clock } from '@agora/kernel';
import type { Logger } from '@agora/service-kit';
import type { NewAccountToken, OutgoingMail, PasswordResetRequests } from '../application/ports';
import type { AccountView } from '../application/read-models';
import { accountView, queue } from './prisma-account.repository';
import type { PrismaClient } from './prisma-client';

export type PasswordResetPlan = (account: AccountView | null, now: Date) => { token: NewAccountToken; mail: OutgoingMail } | null;

export interface PasswordResetProcessorOptions {
  prisma: PrismaClient;
  logger: Logger;
  clock: Clock;
  /** application/request-password-reset/handle-password-reset-request.ts, bound to its ports. */
  plan: PasswordResetPlan;
  /** Wakes the mail worker after a commit that queued a mail. */
  afterMailCommit: () => void;
  /** Poll for requests another instance inserted (or a wake that was missed). Default 2 s. */
  pollIntervalMs?: number;
  /**
   * After an insert the processor starts within this many ms (uniformly random), not at once:
   * the work for a real account then never overlaps the request's own response, so its timing
   * does not tell whether the email exists. Default 250.
   */
  wakeJitterMs?: number;
}

/**
 * Works through `password_reset_request`: each row in its own transaction — claimed with
 * `FOR UPDATE SKIP LOCKED` (several instances share the queue), the email resolved, for a real
 * account the older reset tokens retired, the new token stored and its mail queued, and the row
 * stamped `handled_at`. An unknown email is only stamped. Woken after each insert; polls too.
 */
export class PasswordResetProcessor implements PasswordResetRequests {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private again = false;
  private stopped = true;

  constructor(private readonly options: PasswordResetProcessorOptions) {}

  async add(request: { id: string; email: string; requestedAt: Date }): Promise<void> {
    await this.options.prisma.passwordResetRequest.create({ data: request, select: { id: true } });
    const jitter = this.options.wakeJitterMs ?? 250;
    const timer = setTimeout(() => this.wake(), 20 + Math.random() * jitter);
    timer.unref();
  }

  start(): void {
    this.stopped = false;
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.running = this.drain()
      .catch((err: unknown) => this.options.logger.error({ err }, 'password reset requests: processing failed'))
      .finally(() => {
        this.running = undefined;
        if (this.stopped) return;
        if (this.again) {
          this.again = false;
          this.wake();
        } else {
          this.timer = setTimeout(() => this.wake(), this.options.pollIntervalMs ?? 2000);
          this.timer.unref();
        }
      });
  }

  /** Handles requests until none is waiting; resolves with how many it handled. */
  async drain(): Promise<number> {
    let handled = 0;
    while (await this.handleOne()) handled += 1;
    return handled;
  }

  private async handleOne(): Promise<boolean> {
    const { prisma, clock, plan } = this.options;
    let mailed = false;
    const handled = await prisma.$transaction(async (tx) => {
      const [request] = await tx.$queryRawUnsafe<{ id: string; email: string }[]>(
        `SELECT id::text AS id, email FROM password_reset_request WHERE handled_at IS NULL
         ORDER BY requested_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
      );
      if (!request) return false;
      const now = clock.now();
      const account = await tx.account.findUnique({ where: { email: request.email }, select: accountView });
      const work = plan(account, now);
      if (work) {
        await tx.accountToken.updateMany({
          where: { accountId: work.token.accountId, purpose: 'RESET_PASSWORD', usedAt: null },
          data: { usedAt: now },
        });
        await tx.accountToken.create({ data: work.token, select: { id: true } });
        await queue(tx, [work.mail]);
        mailed = true;
      }
      await tx.passwordResetRequest.update({ where: { id: request.id }, data: { handledAt: now }, select: { id: true } });
      return true;
    });
    if (mailed) this.options.afterMailCommit();
    return handled;
  }
}

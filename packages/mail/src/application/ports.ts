import type { ClaimedMail } from '../domain/message';

/** The worker's view of the `mail_outbox` table (infrastructure: createSqlMailStore). */
export interface MailStore {
  /**
   * Claims up to `limit` due rows (unsent, not failed, `next_attempt_at <= now`, lease free or
   * expired), oldest first: holds them until `claimedUntil` and counts the attempt. Two workers
   * never claim the same row while its lease holds.
   */
  claimDue(limit: number, now: Date, claimedUntil: Date): Promise<ClaimedMail[]>;
  /** Stamps `sent_at` and frees the lease. */
  markSent(id: string, now: Date): Promise<void>;
  /** A failed attempt: records the error, frees the lease, not before `nextAttemptAt`. */
  scheduleRetry(id: string, error: string, nextAttemptAt: Date): Promise<void>;
  /** Gives up: stamps `failed_at` with the error. */
  markFailed(id: string, error: string, now: Date): Promise<void>;
  /** Claimed rows not attempted after all (the worker stops or its lease runs short): free them, uncount the attempt. */
  release(ids: readonly string[]): Promise<void>;
  /** Deletes rows sent or failed before `before`; returns how many. */
  prune(before: Date): Promise<number>;
}

/** A mail ready for the wire. */
export interface OutgoingMail {
  id: string;
  kind: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** `<id@agora>`. */
  messageId: string;
  /** Extra headers (reserved ones removed). */
  headers: Record<string, string>;
  date: Date;
}

/** Sends one mail; resolves once the receiving side accepted it, rejects otherwise. */
export interface MailTransport {
  send(mail: OutgoingMail): Promise<void>;
  /** Whether a rejection means "never retry" (an SMTP 5xx refusal of the message). */
  isPermanent(error: unknown): boolean;
  close(): void;
}

import { chunks } from '@agora/kernel';
import type { SqlExecutor } from '@agora/prisma-kit';
import type { MailStore } from '../application/ports';
import type { ClaimedMail, NewMail } from '../domain/message';

/** 9 parameters a row: well under Postgres' 65 535 bind parameters per statement. */
const MAX_ROWS_PER_STATEMENT = 500;
const COLUMNS = 9;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function checkMail(mail: NewMail): void {
  if (!UUID.test(mail.id)) throw new Error(`enqueueMail: id must be a UUID (it is the idempotency key), got ${mail.id}`);
  if (!mail.to || /[\r\n,;]/.test(mail.to)) throw new Error(`enqueueMail: one recipient address expected, got ${JSON.stringify(mail.to)}`);
  if (!mail.kind) throw new Error('enqueueMail: kind is required');
}

/**
 * Writes mail rows into `mail_outbox` inside the caller's transaction, due at once. The row id is
 * the idempotency key: enqueueing an id that already exists (a redelivered event handled twice)
 * does nothing (`ON CONFLICT (id) DO NOTHING`), even after the first row was sent.
 */
export async function enqueueMail(tx: SqlExecutor, mails: readonly NewMail[]): Promise<void> {
  for (const mail of mails) checkMail(mail);
  for (const batch of chunks(mails, MAX_ROWS_PER_STATEMENT)) {
    const values: unknown[] = [];
    const rows = batch.map((mail, i) => {
      const createdAt = mail.createdAt.toISOString();
      values.push(
        mail.id,
        mail.kind,
        mail.to,
        mail.subject,
        mail.text,
        mail.html,
        JSON.stringify(mail.headers ?? {}),
        createdAt,
        createdAt,
      );
      const n = i * COLUMNS;
      return `($${n + 1}::uuid, $${n + 2}, $${n + 3}, $${n + 4}, $${n + 5}, $${n + 6}, $${n + 7}::jsonb, $${n + 8}::timestamptz, $${n + 9}::timestamptz)`;
    });
    await tx.$executeRawUnsafe(
      `INSERT INTO mail_outbox (id, kind, to_address, subject, text, html, headers, created_at, next_attempt_at) VALUES ${rows.join(', ')} ON CONFLICT (id) DO NOTHING`,
      ...values,
    );
  }
}

interface ClaimedRow {
  id: string;
  kind: string;
  to_address: string;
  subject: string;
  text: string;
  html: string;
  headers: string | Record<string, string>;
  attempts: number | string | bigint;
  created_ms: number | string;
}

const params = (count: number, offset: number) => Array.from({ length: count }, (_, i) => `$${offset + i + 1}::uuid`).join(', ');

/**
 * The worker's store over a context's `mail_outbox` (raw SQL: the same on PGlite and Postgres,
 * through any Prisma client or transaction client). Instants come from the worker's clock.
 */
export function createSqlMailStore(db: SqlExecutor): MailStore {
  return {
    async claimDue(limit, now, claimedUntil) {
      // FOR UPDATE SKIP LOCKED: a row another worker is claiming right now is skipped, and a row
      // it just claimed fails the lease test on re-check; so no row is ever claimed twice.
      const rows = await db.$queryRawUnsafe<ClaimedRow[]>(
        `UPDATE mail_outbox SET claimed_until = $2::timestamptz, attempts = attempts + 1
          WHERE id IN (
            SELECT id FROM mail_outbox
             WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $1::timestamptz
               AND (claimed_until IS NULL OR claimed_until <= $1::timestamptz)
             ORDER BY created_at
             LIMIT $3::int
             FOR UPDATE SKIP LOCKED)
          RETURNING id::text AS id, kind, to_address, subject, text, html, headers::text AS headers, attempts,
                    (extract(epoch FROM created_at) * 1000)::float8 AS created_ms`,
        now.toISOString(),
        claimedUntil.toISOString(),
        limit,
      );
      return rows.map((row): ClaimedMail => ({
        id: row.id,
        kind: row.kind,
        to: row.to_address,
        subject: row.subject,
        text: row.text,
        html: row.html,
        headers: typeof row.headers === 'string' ? (JSON.parse(row.headers) as Record<string, string>) : row.headers,
        attempts: Number(row.attempts),
        createdAt: new Date(Number(row.created_ms)),
      }));
    },
    async markSent(id, now) {
      await db.$executeRawUnsafe(
        `UPDATE mail_outbox SET sent_at = $2::timestamptz, claimed_until = NULL, last_error = NULL WHERE id = $1::uuid AND sent_at IS NULL`,
        id,
        now.toISOString(),
      );
    },
    async scheduleRetry(id, error, nextAttemptAt) {
      await db.$executeRawUnsafe(
        `UPDATE mail_outbox SET last_error = $2, next_attempt_at = $3::timestamptz, claimed_until = NULL WHERE id = $1::uuid AND sent_at IS NULL`,
        id,
        error,
        nextAttemptAt.toISOString(),
      );
    },
    async markFailed(id, error, now) {
      await db.$executeRawUnsafe(
        `UPDATE mail_outbox SET failed_at = $3::timestamptz, last_error = $2, claimed_until = NULL WHERE id = $1::uuid AND sent_at IS NULL`,
        id,
        error,
        now.toISOString(),
      );
    },
    async release(ids) {
      for (const batch of chunks(ids, MAX_ROWS_PER_STATEMENT)) {
        if (batch.length === 0) continue;
        await db.$executeRawUnsafe(
          `UPDATE mail_outbox SET claimed_until = NULL, attempts = GREATEST(attempts - 1, 0)
            WHERE sent_at IS NULL AND failed_at IS NULL AND id IN (${params(batch.length, 0)})`,
          ...batch,
        );
      }
    },
    async prune(before) {
      return db.$executeRawUnsafe(
        `DELETE FROM mail_outbox WHERE sent_at < $1::timestamptz OR failed_at < $1::timestamptz`,
        before.toISOString(),
      );
    },
  };
}

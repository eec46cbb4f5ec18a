/**
 * @agora/mail — a transactional mail outbox shared by the contexts that send mail.
 *
 * - `enqueueMail(tx, mails)`: rows in the caller's transaction (the state change and its mail
 *   commit together); the row id is the idempotency key and the Message-ID.
 * - `createMailWorker(...)`: a context `background` task that sends due rows through SMTP
 *   (`SMTP_URL`) or into `.eml` files (development), retrying with backoff. See README.md.
 * - `renderMail(...)`: plain text + HTML; `publicLink(...)`: links on AGORA_PUBLIC_URL.
 * - `mailEnv` / `toMailSettings`: the configuration.
 */
import { join } from 'node:path';
import type { Clock } from '@agora/kernel';
import type { Log } from '@agora/messaging';
import type { SqlExecutor } from '@agora/prisma-kit';
import { MailWorker, type MailWorkerOptions } from './application/mail-worker';
import type { MailTransport } from './application/ports';
import type { MailSettings } from './config';
import { createFileTransport } from './infrastructure/file-transport';
import { createSmtpTransport } from './infrastructure/smtp-transport';
import { createSqlMailStore } from './infrastructure/sql-mail-store';

export type { MailContent, NewMail, ClaimedMail } from './domain/message';
export { messageIdFor } from './domain/message';
export { renderMail, escapeHtml, type MailMessage, type RenderedMail } from './domain/rendering';
export { publicLink, linksIn } from './domain/links';
export { mailEnv, toMailSettings, DEFAULT_MAIL_FROM, DEFAULT_PUBLIC_URL, type MailSettings } from './config';
export { enqueueMail, createSqlMailStore } from './infrastructure/sql-mail-store';
export { createSmtpTransport, isPermanentSmtpRefusal } from './infrastructure/smtp-transport';
export { createFileTransport } from './infrastructure/file-transport';
export { MailWorker, type MailWorkerOptions } from './application/mail-worker';
export type { MailStore, MailTransport, OutgoingMail } from './application/ports';

export interface CreateMailWorkerOptions extends Pick<
  MailWorkerOptions,
  'pollIntervalMs' | 'leaseMs' | 'maxAttempts' | 'batchSize' | 'retry' | 'retentionMs' | 'pruneIntervalMs' | 'random' | 'beforeMarkSent'
> {
  /** The context's Prisma client (not a transaction: the worker runs its own statements). */
  db: SqlExecutor;
  settings: MailSettings;
  logger: Log;
  clock?: Clock;
  /** Replaces the transport chosen from the settings (tests). */
  transport?: MailTransport;
}

/** The transport the settings ask for: SMTP when `smtpUrl` is set, otherwise `.eml` files in `<dataDir>/mail`. */
export function transportFor(settings: MailSettings, logger: Log): MailTransport {
  return settings.smtpUrl ? createSmtpTransport(settings.smtpUrl) : createFileTransport(join(settings.dataDir, 'mail'), logger);
}

/** The mail worker of a context: `{ start, stop }` for `ContextParts.background`, plus `wake` and `drain`. */
export function createMailWorker(options: CreateMailWorkerOptions): MailWorker {
  const { db, settings, transport, ...rest } = options;
  return new MailWorker({
    ...rest,
    store: createSqlMailStore(db),
    transport: transport ?? transportFor(settings, options.logger),
    from: settings.from,
  });
}

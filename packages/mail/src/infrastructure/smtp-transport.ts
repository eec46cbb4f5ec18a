import { createTransport } from 'nodemailer';
import type { MailTransport } from '../application/ports';

export interface SmtpTransportOptions {
  /** Milliseconds to wait for the TCP connection / the greeting / socket inactivity. */
  connectionTimeoutMs?: number;
  greetingTimeoutMs?: number;
  socketTimeoutMs?: number;
}

/**
 * Nodemailer SMTP from `SMTP_URL`: `smtp://host:587` upgrades with STARTTLS when the server
 * offers it, `smtps://host:465` is TLS from the start, credentials in the URL's user info.
 * Timeouts stay far below the worker's lease, so a stuck server cannot hold a row past it.
 */
export function createSmtpTransport(url: string, options: SmtpTransportOptions = {}): MailTransport {
  const transporter = createTransport({
    url,
    connectionTimeout: options.connectionTimeoutMs ?? 10_000,
    greetingTimeout: options.greetingTimeoutMs ?? 10_000,
    socketTimeout: options.socketTimeoutMs ?? 30_000,
  });
  return {
    async send(mail) {
      await transporter.sendMail({
        from: mail.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
        date: mail.date,
        headers: mail.headers,
      });
    },
    isPermanent: isPermanentSmtpRefusal,
    close() {
      transporter.close();
    },
  };
}

/**
 * A 5xx reply refusing this message (unknown mailbox, policy, size) will not change on retry.
 * An authentication failure (535) is the sender's configuration, not the message: retried, so
 * the mail goes out once the credentials are fixed.
 */
export function isPermanentSmtpRefusal(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { responseCode, code } = error as { responseCode?: unknown; code?: unknown };
  return typeof responseCode === 'number' && responseCode >= 500 && responseCode < 600 && code !== 'EAUTH';
}

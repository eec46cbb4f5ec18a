import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Log } from '@agora/messaging';
import { createTransport } from 'nodemailer';
import type { MailTransport } from '../application/ports';
import { linksIn } from '../domain/links';

/** `2026-12-02T04-28-22-123Z`: sorts by time, no characters file systems dislike. */
function fileStamp(at: Date): string {
  return at.toISOString().replace(/[:.]/g, '-');
}

/**
 * Development transport (no SMTP_URL): each mail becomes an RFC 5322 message file
 * `<dir>/<timestamp>-<kind>-<id>.eml` (opens in any mail client), and an info log line
 * `{ to, subject, file, links }` so a person running `npm start` can click the link.
 */
export function createFileTransport(dir: string, logger: Log, now: () => Date = () => new Date()): MailTransport {
  const composer = createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    async send(mail) {
      const info = await composer.sendMail({
        from: mail.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
        date: mail.date,
        headers: mail.headers,
      });
      await mkdir(dir, { recursive: true });
      const kind = mail.kind.replace(/[^a-zA-Z0-9._-]+/g, '-');
      const file = join(dir, `${fileStamp(now())}-${kind}-${mail.id}.eml`);
      await writeFile(file, info.message as Buffer);
      logger.info(
        { to: mail.to, subject: mail.subject, file, links: linksIn(mail.text) },
        'mail written (no SMTP_URL: development file transport)',
      );
    },
    isPermanent: () => false,
    close() {},
  };
}

import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export type { ParsedMail };

/** A reply refusing a message: `{ code: 550, message: 'No such user' }` (4xx = try later, 5xx = never). */
export interface SmtpRefusal {
  code: number;
  message: string;
}

export interface StartSmtpServerOptions {
  /** Decides per message whether to refuse it (called with the parsed message and its 1-based number). */
  refuse?: (message: ParsedMail, n: number) => SmtpRefusal | undefined;
}

export interface TestSmtpServer {
  /** `smtp://127.0.0.1:<port>`: pass as SMTP_URL. */
  url: string;
  port: number;
  /** Accepted messages, parsed, in arrival order. */
  messages: ParsedMail[];
  /** Refused messages (what `refuse` turned away). */
  refused: ParsedMail[];
  /**
   * Resolves with `messages` once `n` messages arrived (or the predicate holds); rejects after
   * `timeoutMs` (default 10 s) naming what was awaited and what arrived.
   */
  waitForMessages(condition: number | ((messages: ParsedMail[]) => boolean), options?: { timeoutMs?: number }): Promise<ParsedMail[]>;
  close(): Promise<void>;
}

/**
 * A real SMTP server for tests (smtp-server + mailparser) on 127.0.0.1 and a free port: no
 * TLS, no authentication, every message parsed and kept. Nodemailer sends to it as to any server.
 */
export async function startSmtpServer(options: StartSmtpServerOptions = {}): Promise<TestSmtpServer> {
  const messages: ParsedMail[] = [];
  const refused: ParsedMail[] = [];
  const waiters = new Set<() => void>();
  let received = 0;

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((message) => {
          received += 1;
          const refusal = options.refuse?.(message, received);
          if (refusal) {
            refused.push(message);
            callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
          } else {
            messages.push(message);
            callback();
          }
          for (const check of waiters) check();
        })
        .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  // Errors on client connections must not crash the test process.
  server.on('error', () => undefined);
  const port = (server.server.address() as AddressInfo).port;

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    refused,
    waitForMessages(condition, { timeoutMs = 10_000 } = {}) {
      const done = typeof condition === 'number' ? (all: ParsedMail[]) => all.length >= condition : condition;
      if (done(messages)) return Promise.resolve(messages);
      return new Promise<ParsedMail[]>((resolve, reject) => {
        const check = () => {
          if (!done(messages)) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(messages);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          const what = typeof condition === 'number' ? `${condition} message(s)` : 'the awaited messages';
          reject(
            new Error(
              `waitForMessages: timed out after ${timeoutMs} ms waiting for ${what}; got ${messages.length}: ${messages.map((m) => m.subject).join(' | ')}`,
            ),
          );
        }, timeoutMs);
        waiters.add(check);
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** What a mail says: subject, both bodies, and extra headers (e.g. `List-Unsubscribe`). */
export interface MailContent {
  subject: string;
  text: string;
  html: string;
  /** Extra headers, sent as given. `Message-ID`, `From`, `To`, `Subject` are the worker's. */
  headers?: Record<string, string>;
}

/** A mail to enqueue. `id` (a UUID) is the idempotency key and the Message-ID (`<id@agora>`). */
export interface NewMail extends MailContent {
  id: string;
  /** What the mail is, e.g. `identity.verify-email`, `notifications.commented`. */
  kind: string;
  /** One recipient address. */
  to: string;
  createdAt: Date;
}

/** A row the worker claimed: what it sends. `attempts` counts this attempt. */
export interface ClaimedMail {
  id: string;
  kind: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  attempts: number;
  createdAt: Date;
}

/** The stable Message-ID of a mail row: receivers can drop a copy resent after a crash. */
export function messageIdFor(id: string): string {
  return `<${id}@agora>`;
}

/** Headers the worker sets itself; a row's own headers may not override them. */
const RESERVED_HEADERS = new Set(['message-id', 'from', 'to', 'cc', 'bcc', 'subject', 'date', 'mime-version', 'content-type']);

/** A row's extra headers without the reserved ones (and without line breaks, which would inject headers). */
export function extraHeaders(headers: Record<string, string>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!/^[!-9;-~]+$/.test(name) || RESERVED_HEADERS.has(name.toLowerCase())) continue;
    result[name] = String(value).replace(/[\r\n]+/g, ' ');
  }
  return result;
}

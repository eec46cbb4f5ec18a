import type { startSmtpServer } from '@agora/mail/testing';

/** A message as the test SMTP server parsed it (mailparser's ParsedMail). */
export type ReceivedMail = Awaited<ReturnType<typeof startSmtpServer>>['messages'][number];

/** A raw header of a received message (`List-Unsubscribe` → its value as sent). */
export function rawHeader(message: ReceivedMail, name: string): string | undefined {
  const line = message.headerLines.find((header) => header.key === name.toLowerCase())?.line;
  return line?.slice(line.indexOf(':') + 1).trim();
}

/** The `token` of the message's List-Unsubscribe link. */
export function unsubscribeToken(message: ReceivedMail): string {
  const header = rawHeader(message, 'List-Unsubscribe');
  const url = header?.match(/^<(.+)>$/)?.[1];
  if (!url) throw new Error(`no List-Unsubscribe link in: ${header}`);
  return new URL(url).searchParams.get('token')!;
}

/** Addressee of a received message. */
export const recipientOf = (message: ReceivedMail) =>
  (Array.isArray(message.to) ? message.to : message.to ? [message.to] : []).flatMap((to) => to.value.map((v) => v.address));

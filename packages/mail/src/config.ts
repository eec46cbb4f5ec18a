import { z } from 'zod';

/** `FOO=` in a shell or .env file means "not set". */
const unsetIfEmpty = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema);

export const DEFAULT_MAIL_FROM = 'Agora <no-reply@agora.localhost>';
export const DEFAULT_PUBLIC_URL = 'http://localhost:4000';

/**
 * The mail variables, as a zod object shape to spread into a context's env schema
 * (`z.object({ ...mailEnv, … })` or `.extend({ ...mailEnv })`):
 * - `SMTP_URL` (optional): `smtp://user:pass@host:587` (STARTTLS when offered), `smtps://…:465`;
 *   unset = development: each mail is written as an `.eml` file under `<DATA_DIR>/mail/`.
 * - `MAIL_FROM`: the From header, default `Agora <no-reply@agora.localhost>`.
 * - `AGORA_PUBLIC_URL`: the origin the links in mail point at, default `http://localhost:4000`
 *   (the gateway, which serves fallback pages for them).
 */
export const mailEnv = {
  SMTP_URL: unsetIfEmpty(
    z.url({ protocol: /^smtps?$/, error: 'expected an smtp:// or smtps:// URL, e.g. smtp://user:pass@mail.example.com:587' }).optional(),
  ),
  MAIL_FROM: unsetIfEmpty(
    z.string().trim().min(3, 'expected a From address, e.g. Agora <no-reply@example.com>').default(DEFAULT_MAIL_FROM),
  ),
  AGORA_PUBLIC_URL: unsetIfEmpty(
    z
      .url({ protocol: /^https?$/, error: 'expected an http(s) URL, e.g. https://agora.example.com' })
      .transform((url) => url.replace(/\/+$/, ''))
      .default(DEFAULT_PUBLIC_URL),
  ),
};

/** What the mail worker and link building need. */
export interface MailSettings {
  /** Unset = development file transport (`<dataDir>/mail/*.eml`). */
  smtpUrl: string | undefined;
  /** The From header. */
  from: string;
  /** Origin (and optional path prefix) of links in mail, without a trailing slash. */
  publicUrl: string;
  /** The process's data directory; the file transport writes into `<dataDir>/mail`. */
  dataDir: string;
}

/** MailSettings from env parsed with `mailEnv` (loosely typed rows are fine: the values were validated). */
export function toMailSettings(
  raw: { SMTP_URL?: unknown; MAIL_FROM?: unknown; AGORA_PUBLIC_URL?: unknown },
  dataDir: string,
): MailSettings {
  const parsed = z.object(mailEnv).parse(raw);
  return { smtpUrl: parsed.SMTP_URL, from: parsed.MAIL_FROM, publicUrl: parsed.AGORA_PUBLIC_URL, dataDir };
}

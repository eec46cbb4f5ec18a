import { mailEnv, type MailSettings } from '@agora/mail';
import { contextEnv, toContextConfig, type ContextConfig } from '@agora/service-kit';
import { z } from 'zod';

export interface NotificationsSettings {
  /** Where notification mail goes out (SMTP_URL, or .eml files under DATA_DIR/mail), from whom, and the links' origin. */
  mail: MailSettings;
  /** How often the digest timer looks for due digests (NOTIFICATIONS_DIGEST_INTERVAL_SECONDS, default 600). */
  digestIntervalMs: number;
}

export type NotificationsConfig = ContextConfig & NotificationsSettings;

/**
 * The notifications context's environment: every context's (service-kit's contextEnv; names
 * shared with docker-compose and the dev stack), the mail variables (@agora/mail's mailEnv:
 * SMTP_URL, MAIL_FROM, AGORA_PUBLIC_URL) and NOTIFICATIONS_DIGEST_INTERVAL_SECONDS.
 */
export const configSchema = contextEnv('notifications', 4007)
  .extend({
    ...mailEnv,
    NOTIFICATIONS_DIGEST_INTERVAL_SECONDS: z.preprocess(
      (value) => (value === '' ? undefined : value),
      z.coerce.number().int().min(1).max(86_400).default(600),
    ),
  })
  // The shared part's keys are built from the context name, so zod types the row loosely; the values were validated above.
  .transform((raw): NotificationsConfig => {
    const base = toContextConfig('notifications', raw);
    return {
      ...base,
      mail: {
        smtpUrl: raw.SMTP_URL as string | undefined,
        from: raw.MAIL_FROM as string,
        publicUrl: raw.AGORA_PUBLIC_URL as string,
        dataDir: base.dataDir,
      },
      digestIntervalMs: (raw.NOTIFICATIONS_DIGEST_INTERVAL_SECONDS as number) * 1000,
    };
  });

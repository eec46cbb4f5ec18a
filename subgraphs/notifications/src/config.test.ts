import { defineConfigSuite } from '@agora/testing/suites';
import { expect, it } from 'vitest';
import { configSchema } from './config';

defineConfigSuite({
  name: 'notifications',
  schema: configSchema,
  envPrefix: 'NOTIFICATIONS',
  defaultPort: 4007,
  port: 5007,
  own: {
    defaults: {
      mail: { smtpUrl: undefined, from: 'Agora <no-reply@agora.localhost>', publicUrl: 'http://localhost:4000', dataDir: '.data' },
      digestIntervalMs: 600_000,
    },
    env: {
      SMTP_URL: 'smtp://mail:2525',
      MAIL_FROM: 'Agora <hello@agora.example>',
      AGORA_PUBLIC_URL: 'https://agora.example',
      NOTIFICATIONS_DIGEST_INTERVAL_SECONDS: '60',
    },
    parsed: {
      mail: {
        smtpUrl: 'smtp://mail:2525',
        from: 'Agora <hello@agora.example>',
        publicUrl: 'https://agora.example',
        dataDir: '/var/lib/agora',
      },
      digestIntervalMs: 60_000,
    },
  },
  extraCases() {
    it('refuses a digest interval that is not a positive whole number of seconds', () => {
      expect(configSchema.safeParse({ NOTIFICATIONS_DIGEST_INTERVAL_SECONDS: '0' }).success).toBe(false);
      expect(configSchema.safeParse({ NOTIFICATIONS_DIGEST_INTERVAL_SECONDS: 'often' }).success).toBe(false);
    });
  },
});

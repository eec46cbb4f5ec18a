import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { mailEnv, toMailSettings } from './config';

const schema = z.object(mailEnv);

describe('mail configuration', () => {
  it('defaults to the development file transport, the no-reply sender and the gateway origin', () => {
    expect(schema.parse({})).toEqual({
      SMTP_URL: undefined,
      MAIL_FROM: 'Agora <no-reply@agora.localhost>',
      AGORA_PUBLIC_URL: 'http://localhost:4000',
    });
    expect(schema.parse({ SMTP_URL: '', MAIL_FROM: '', AGORA_PUBLIC_URL: '' }).SMTP_URL).toBeUndefined();
  });

  it('accepts smtp:// and smtps:// URLs with credentials, refuses other schemes', () => {
    expect(schema.parse({ SMTP_URL: 'smtp://user:p%40ss@mail.example.com:587' }).SMTP_URL).toBe('smtp://user:p%40ss@mail.example.com:587');
    expect(schema.parse({ SMTP_URL: 'smtps://mail.example.com:465' }).SMTP_URL).toBe('smtps://mail.example.com:465');
    expect(schema.safeParse({ SMTP_URL: 'http://mail.example.com' }).success).toBe(false);
    expect(schema.safeParse({ SMTP_URL: 'mail.example.com:25' }).success).toBe(false);
  });

  it('drops a trailing slash of AGORA_PUBLIC_URL and refuses a non-web URL', () => {
    expect(schema.parse({ AGORA_PUBLIC_URL: 'https://agora.example.com/' }).AGORA_PUBLIC_URL).toBe('https://agora.example.com');
    expect(schema.safeParse({ AGORA_PUBLIC_URL: 'ftp://agora.example.com' }).success).toBe(false);
  });

  it('turns parsed env into MailSettings', () => {
    expect(toMailSettings({ SMTP_URL: 'smtp://127.0.0.1:2525', MAIL_FROM: 'Me <me@x.test>' }, '.data')).toEqual({
      smtpUrl: 'smtp://127.0.0.1:2525',
      from: 'Me <me@x.test>',
      publicUrl: 'http://localhost:4000',
      dataDir: '.data',
    });
  });
});

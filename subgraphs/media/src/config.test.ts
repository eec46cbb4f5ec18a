import { DEV_INTERNAL_SECRET } from '@agora/service-kit';
import { defineConfigSuite } from '@agora/testing/suites';
import { expect, it } from 'vitest';
import { configSchema, derivedUrlSecret } from './config';

const S3_ENV = {
  MEDIA_STORAGE: 's3',
  MEDIA_S3_BUCKET: 'agora-media',
  MEDIA_S3_ENDPOINT: 'http://127.0.0.1:9000',
  MEDIA_S3_REGION: 'eu-west-3',
  MEDIA_S3_ACCESS_KEY_ID: 'key',
  MEDIA_S3_SECRET_ACCESS_KEY: 'secret',
  MEDIA_S3_FORCE_PATH_STYLE: 'true',
};

defineConfigSuite({
  name: 'media',
  schema: configSchema,
  envPrefix: 'MEDIA',
  defaultPort: 4009,
  port: 5009,
  own: {
    defaults: {
      media: {
        publicUrl: 'http://localhost:4000',
        urlSecret: derivedUrlSecret(DEV_INTERNAL_SECRET),
        storage: { driver: 'local', dir: '.data/media-files' },
        sweepIntervalMs: 600_000,
      },
    },
    env: { MEDIA_PUBLIC_URL: 'https://agora.example', MEDIA_URL_SECRET: 'u'.repeat(40), MEDIA_DIR: '/srv/media' },
    parsed: {
      media: {
        publicUrl: 'https://agora.example',
        urlSecret: 'u'.repeat(40),
        storage: { driver: 'local', dir: '/srv/media' },
        sweepIntervalMs: 600_000,
      },
    },
  },
  extraCases() {
    it('reads the S3 settings when MEDIA_STORAGE=s3', () => {
      expect(configSchema.parse(S3_ENV).media.storage).toEqual({
        driver: 's3',
        bucket: 'agora-media',
        endpoint: 'http://127.0.0.1:9000',
        region: 'eu-west-3',
        accessKeyId: 'key',
        secretAccessKey: 'secret',
        forcePathStyle: true,
      });
    });

    it('refuses S3 without a bucket, a short URL secret and an unknown driver', () => {
      expect(configSchema.safeParse({ MEDIA_STORAGE: 's3' }).success).toBe(false);
      expect(configSchema.safeParse({ MEDIA_URL_SECRET: 'too short' }).success).toBe(false);
      expect(configSchema.safeParse({ MEDIA_STORAGE: 'ftp' }).success).toBe(false);
      expect(configSchema.safeParse({ ...S3_ENV, MEDIA_S3_SECRET_ACCESS_KEY: '' }).success).toBe(false);
    });

    it('derives a different URL secret from each internal secret, never the internal secret itself', () => {
      const a = configSchema.parse({ AGORA_INTERNAL_SECRET: 'a'.repeat(32) }).media.urlSecret;
      const b = configSchema.parse({ AGORA_INTERNAL_SECRET: 'b'.repeat(32) }).media.urlSecret;
      expect(a).not.toBe(b);
      expect(a).not.toBe('a'.repeat(32));
      expect(a.length).toBeGreaterThanOrEqual(32);
    });
  },
});

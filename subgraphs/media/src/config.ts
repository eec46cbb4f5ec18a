import { createHmac } from 'node:crypto';
import { contextEnv, toContextConfig, type ContextConfig } from '@agora/service-kit';
import { z } from 'zod';

/** `FOO=` in a shell or .env file means "not set". */
const emptyToUndefined = (value: unknown) => (value === '' ? undefined : value);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(emptyToUndefined, schema.optional());
const flag = (fallback: boolean) =>
  z
    .preprocess(emptyToUndefined, z.enum(['true', 'false', '1', '0'], { error: 'expected true or false' }).optional())
    .transform((value) => (value === undefined ? fallback : value === 'true' || value === '1'));

/** Where media's files live: the local disk (default) or an S3-compatible bucket. */
export type MediaStorageConfig =
  | { driver: 'local'; dir: string }
  | {
      driver: 's3';
      bucket: string;
      endpoint: string | undefined;
      region: string;
      accessKeyId: string | undefined;
      secretAccessKey: string | undefined;
      forcePathStyle: boolean;
    };

export interface MediaSettings {
  /** Origin signed URLs point at (the gateway's, which proxies `/media/*`). */
  publicUrl: string;
  /** HMAC key of the signed URLs (≥ 32 characters). */
  urlSecret: string;
  storage: MediaStorageConfig;
  /** How often unfinished uploads older than 24 h are swept. */
  sweepIntervalMs: number;
}

export type MediaConfig = ContextConfig & { media: MediaSettings };

/** The URL secret when none is configured: derived from the internal secret, so development needs nothing and each deployment differs. */
export const derivedUrlSecret = (internalSecret: string): string =>
  createHmac('sha256', internalSecret).update('agora media signed URLs v1').digest('base64url');

/**
 * The media context's environment: every context's (service-kit's contextEnv) plus MEDIA_PUBLIC_URL,
 * MEDIA_URL_SECRET, MEDIA_STORAGE (local | s3), MEDIA_DIR, MEDIA_S3_* and MEDIA_SWEEP_INTERVAL_MS.
 */
export const configSchema = contextEnv('media', 4009)
  .extend({
    MEDIA_PUBLIC_URL: z.preprocess(emptyToUndefined, z.url({ error: 'expected an http(s) URL' }).default('http://localhost:4000')),
    MEDIA_URL_SECRET: optional(z.string().min(32, 'must be at least 32 characters')),
    MEDIA_STORAGE: z.preprocess(emptyToUndefined, z.enum(['local', 's3'], { error: 'expected local or s3' }).default('local')),
    MEDIA_DIR: optional(z.string().min(1)),
    MEDIA_S3_BUCKET: optional(z.string().min(1)),
    MEDIA_S3_ENDPOINT: optional(z.url({ error: 'expected a URL' })),
    MEDIA_S3_REGION: z.preprocess(emptyToUndefined, z.string().min(1).default('us-east-1')),
    MEDIA_S3_ACCESS_KEY_ID: optional(z.string().min(1)),
    MEDIA_S3_SECRET_ACCESS_KEY: optional(z.string().min(1)),
    MEDIA_S3_FORCE_PATH_STYLE: flag(false),
    MEDIA_SWEEP_INTERVAL_MS: z.preprocess(
      emptyToUndefined,
      z.coerce
        .number()
        .int()
        .min(1000)
        .default(10 * 60 * 1000),
    ),
  })
  .superRefine((raw, ctx) => {
    if (raw.MEDIA_STORAGE === 's3' && !raw.MEDIA_S3_BUCKET) {
      ctx.addIssue({ code: 'custom', path: ['MEDIA_S3_BUCKET'], message: 'required when MEDIA_STORAGE=s3' });
    }
    if ((raw.MEDIA_S3_ACCESS_KEY_ID === undefined) !== (raw.MEDIA_S3_SECRET_ACCESS_KEY === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['MEDIA_S3_SECRET_ACCESS_KEY'],
        message: 'MEDIA_S3_ACCESS_KEY_ID and MEDIA_S3_SECRET_ACCESS_KEY go together (or neither, for the default credential chain)',
      });
    }
  })
  // The shared part's keys are built from the context name, so zod types the row loosely; the value was validated above.
  .transform((raw): MediaConfig => {
    const base = toContextConfig('media', raw);
    const storage: MediaStorageConfig =
      raw.MEDIA_STORAGE === 's3'
        ? {
            driver: 's3',
            bucket: raw.MEDIA_S3_BUCKET as string,
            endpoint: raw.MEDIA_S3_ENDPOINT as string | undefined,
            region: raw.MEDIA_S3_REGION as string,
            accessKeyId: raw.MEDIA_S3_ACCESS_KEY_ID as string | undefined,
            secretAccessKey: raw.MEDIA_S3_SECRET_ACCESS_KEY as string | undefined,
            forcePathStyle: raw.MEDIA_S3_FORCE_PATH_STYLE as boolean,
          }
        : { driver: 'local', dir: (raw.MEDIA_DIR as string | undefined) ?? `${base.dataDir.replace(/\/+$/, '')}/media-files` };
    return {
      ...base,
      media: {
        publicUrl: raw.MEDIA_PUBLIC_URL as string,
        urlSecret: (raw.MEDIA_URL_SECRET as string | undefined) ?? derivedUrlSecret(base.internalSecret),
        storage,
        sweepIntervalMs: raw.MEDIA_SWEEP_INTERVAL_MS as number,
      },
    };
  });

import { z } from 'zod';
import type { FileStorage } from '../../application/files';
import { LocalDiskStorage } from './local-disk-storage';
import { S3Storage } from './s3-storage';

export { LocalDiskStorage } from './local-disk-storage';
export { S3Storage, type S3StorageOptions } from './s3-storage';
export { InvalidStorageKeyError, assertStorageKey } from './storage-key';

const emptyToUndefined = (value: unknown) => (value === '' ? undefined : value);

/** What createFileStorage accepts; unknown fields are ignored. */
export const fileStorageOptionsSchema = z.discriminatedUnion('driver', [
  z.object({ driver: z.literal('local'), dir: z.string().min(1) }),
  z
    .object({
      driver: z.literal('s3'),
      bucket: z.string().min(1),
      endpoint: z.preprocess(emptyToUndefined, z.url().optional()),
      region: z.preprocess(emptyToUndefined, z.string().min(1).default('us-east-1')),
      accessKeyId: z.preprocess(emptyToUndefined, z.string().min(1).optional()),
      secretAccessKey: z.preprocess(emptyToUndefined, z.string().min(1).optional()),
      forcePathStyle: z.boolean().default(false),
    })
    .refine((options) => (options.accessKeyId === undefined) === (options.secretAccessKey === undefined), {
      message: 'accessKeyId and secretAccessKey go together (or neither, for the default credential chain)',
      path: ['secretAccessKey'],
    }),
]);

/** Input of createFileStorage (what config.ts's `storage` section provides). */
export type FileStorageOptions = z.input<typeof fileStorageOptionsSchema>;

/** A driver as the app holds it: the port, plus `close()` for shutdown (the S3 client's sockets). */
export type ClosableFileStorage = FileStorage & { close(): void };

/** The storage driver the options name: files under `dir`, or objects in an S3-compatible bucket. */
export function createFileStorage(options: FileStorageOptions): ClosableFileStorage {
  const parsed = fileStorageOptionsSchema.parse(options);
  if (parsed.driver === 'local') return new LocalDiskStorage(parsed.dir);
  return new S3Storage({
    bucket: parsed.bucket,
    endpoint: parsed.endpoint,
    region: parsed.region,
    credentials:
      parsed.accessKeyId !== undefined && parsed.secretAccessKey !== undefined
        ? { accessKeyId: parsed.accessKeyId, secretAccessKey: parsed.secretAccessKey }
        : undefined,
    forcePathStyle: parsed.forcePathStyle,
  });
}

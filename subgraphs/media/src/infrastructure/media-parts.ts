import type { FileStorage, UploadProcessor } from '../application/files';
import type { MediaConfig } from '../config';
import { SharpUploadProcessor } from './processing/upload-processor';
import { createFileStorage } from './storage';

/** The configured storage driver: files under MEDIA_DIR, or objects in the S3-compatible bucket. */
export const defaultStorage = (config: MediaConfig): FileStorage => createFileStorage(config.media.storage);

/** file-type + sharp over the storage (MEDIA_LIMITS). */
export const defaultProcessor = (storage: FileStorage): UploadProcessor => new SharpUploadProcessor(storage);

import type { FileStorage, UploadProcessor } from '../application/files';
import type { MediaConfig } from '../config';

/**
 * The storage driver and upload processor from the config. TEMPORARY until the drivers
 * (infrastructure/storage, infrastructure/processing) land: a storage that stores nothing.
 */
export function defaultStorage(_config: MediaConfig): FileStorage {
  const missing = () => Promise.reject(new Error('no media storage driver is wired yet'));
  return {
    driver: 'none',
    put: missing,
    get: async () => undefined,
    stat: async () => undefined,
    delete: async () => {},
    ping: async () => true,
  };
}

export function defaultProcessor(_storage: FileStorage): UploadProcessor {
  return { process: () => Promise.reject(new Error('no upload processor is wired yet')) };
}

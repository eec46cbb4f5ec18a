import type { StorageKey } from '../../application/files';

/** `<mediaId>/<variant>`: a lowercase UUID, one slash, a short lowercase variant name (raw, original, thumbnail). */
const KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/[a-z][a-z0-9-]{0,31}$/;

/** A key that is not `<uuid>/<variant>` (traversal, absolute path, anything else): a programming error, never stored. */
export class InvalidStorageKeyError extends Error {
  constructor(readonly key: string) {
    super(`invalid storage key ${JSON.stringify(key)}: expected <uuid>/<variant>`);
    this.name = 'InvalidStorageKeyError';
  }
}

/**
 * Only this shape reaches a driver, so no key can name `..`, an absolute path, a dot file (the
 * local driver's sidecars and temporary files) or anything outside the storage root.
 */
export function assertStorageKey(key: StorageKey): StorageKey {
  if (typeof key !== 'string' || !KEY.test(key)) throw new InvalidStorageKeyError(String(key));
  return key;
}

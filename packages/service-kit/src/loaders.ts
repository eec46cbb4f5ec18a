import { canonicalUuid, isUuid } from '@agora/kernel';
import DataLoader from 'dataloader';
import type { Viewer } from './identity-header';

/** Ids per statement: well under Postgres' bind-parameter limit, large enough for any page. */
const MAX_BATCH_SIZE = 1000;

/**
 * A DataLoader keyed by ids as clients send them. Keys that are not UUIDs cannot name anything
 * and are kept out of the SQL (one would make Postgres reject the whole batch); the rest are
 * canonicalised and deduplicated, loaded in one call, and every key gets its value (or the
 * fallback) back in its own spelling.
 */
export function uuidBatchLoader<V>(fallback: V, load: (ids: string[]) => Promise<Map<string, V>>): DataLoader<string, V> {
  return new DataLoader<string, V>(
    async (keys) => {
      const ids = [...new Set(keys.filter(isUuid).map(canonicalUuid))];
      const found = ids.length > 0 ? await load(ids) : new Map<string, V>();
      return keys.map((key) => (isUuid(key) ? found.get(canonicalUuid(key)) : undefined) ?? fallback);
    },
    { maxBatchSize: MAX_BATCH_SIZE },
  );
}

/** The viewer's id in canonical form, or null (no viewer, or an id that is not a UUID). */
export function viewerIdOf(viewer: Pick<Viewer, 'userId'> | null | undefined): string | null {
  return viewer && isUuid(viewer.userId) ? canonicalUuid(viewer.userId) : null;
}

/**
 * The loaders of one request, so a command can forget them all (`clearAll`), plus one loader per
 * key (`perKey`) for paged lists: every parent asking for the same page in one tick shares one
 * statement.
 */
export class RequestLoaders {
  private readonly loaders: DataLoader<string, unknown>[] = [];
  private readonly keyed = new Map<string, DataLoader<string, unknown>>();

  track<V>(loader: DataLoader<string, V>): DataLoader<string, V> {
    this.loaders.push(loader as DataLoader<string, unknown>);
    return loader;
  }

  perKey<V>(key: string, create: () => DataLoader<string, V>): DataLoader<string, V> {
    let loader = this.keyed.get(key) as DataLoader<string, V> | undefined;
    if (!loader) {
      loader = this.track(create());
      this.keyed.set(key, loader as DataLoader<string, unknown>);
    }
    return loader;
  }

  clearAll(): void {
    for (const loader of this.loaders) loader.clearAll();
  }
}

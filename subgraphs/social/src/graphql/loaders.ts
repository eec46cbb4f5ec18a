import DataLoader from 'dataloader';
import { z } from 'zod';
import type { CircleView } from '../application/views';
import type { ListedUser, ListKind, PrismaSocialQueries } from '../infrastructure/prisma-social.queries';
import type { UserPage } from './user-page';

export interface SocialLoaders {
  /** One loader per (list, page): every owner asking for the same page in one tick → one statement. */
  list(kind: ListKind, page: UserPage): DataLoader<string, ListedUser[]>;
  followerCount: DataLoader<string, number>;
  followingCount: DataLoader<string, number>;
  /** Whether the viewer follows / has blocked the user (false without a viewer, without SQL). */
  viewerFollows: DataLoader<string, boolean>;
  viewerBlocked: DataLoader<string, boolean>;
  /** The viewer's circle by id; null for a missing circle, someone else's, or no viewer. */
  circleById: DataLoader<string, CircleView | null>;
  /** Forgets everything loaded so far: a mutation changed the data. */
  clearAll(): void;
}

const isUuid = (value: string) => z.uuid().safeParse(value).success;

/**
 * Batches keyed by ids as clients send them: ids that are not UUIDs cannot exist and are kept
 * out of the SQL (one would make Postgres reject the whole batch); the rest are compared in lower
 * case, as Postgres prints uuids.
 */
function batch<V>(fallback: V, load: (ids: string[]) => Promise<Map<string, V>>): DataLoader<string, V> {
  return new DataLoader<string, V>(
    async (keys) => {
      const ids = [...new Set(keys.filter(isUuid).map((id) => id.toLowerCase()))];
      const found = ids.length > 0 ? await load(ids) : new Map<string, V>();
      return keys.map((key) => found.get(key.toLowerCase()) ?? fallback);
    },
    { maxBatchSize: 1000 },
  );
}

const asMap = (ids: string[], present: Set<string>) => new Map(ids.map((id) => [id, present.has(id)]));

/** Created per request (in createContext) so nothing is cached across viewers or requests. */
export function createLoaders(queries: PrismaSocialQueries, viewerId: string | null): SocialLoaders {
  const viewer = viewerId && isUuid(viewerId) ? viewerId.toLowerCase() : null;
  const lists = new Map<string, DataLoader<string, ListedUser[]>>();
  const all: DataLoader<string, unknown>[] = [];
  const track = <V>(loader: DataLoader<string, V>): DataLoader<string, V> => {
    all.push(loader as DataLoader<string, unknown>);
    return loader;
  };

  return {
    list(kind, page) {
      const key = `${kind}:${page.key}`;
      let loader = lists.get(key);
      if (!loader) {
        loader = track(batch<ListedUser[]>([], (ids) => queries.lists(kind, ids, page.first + 1, page.after)));
        lists.set(key, loader);
      }
      return loader;
    },
    followerCount: track(batch(0, (ids) => queries.counts('followers', ids))),
    followingCount: track(batch(0, (ids) => queries.counts('following', ids))),
    viewerFollows: track(batch(false, async (ids) => (viewer ? asMap(ids, await queries.followedBy(viewer, ids)) : new Map()))),
    viewerBlocked: track(batch(false, async (ids) => (viewer ? asMap(ids, await queries.blockedBy(viewer, ids)) : new Map()))),
    circleById: track(
      batch<CircleView | null>(null, async (ids) => {
        if (!viewer) return new Map();
        return new Map((await queries.circlesOf(viewer, ids)).map((circle) => [circle.id, circle]));
      }),
    ),
    clearAll() {
      for (const loader of all) loader.clearAll();
      lists.clear();
    },
  };
}

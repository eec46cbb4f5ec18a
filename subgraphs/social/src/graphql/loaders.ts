import { RequestLoaders, uuidBatchLoader, viewerIdOf } from '@agora/service-kit';
import type DataLoader from 'dataloader';
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

const asMap = (ids: string[], present: Set<string>) => new Map(ids.map((id) => [id, present.has(id)]));

/** Created per request (in createContext) so nothing is cached across viewers or requests. */
export function createLoaders(queries: PrismaSocialQueries, viewerId: string | null): SocialLoaders {
  const viewer = viewerIdOf(viewerId ? { userId: viewerId } : null);
  const loaders = new RequestLoaders();
  const batch = <V>(fallback: V, load: (ids: string[]) => Promise<Map<string, V>>) => loaders.track(uuidBatchLoader(fallback, load));

  return {
    list: (kind, page) =>
      loaders.perKey(`${kind}:${page.key}`, () =>
        uuidBatchLoader<ListedUser[]>([], (ids) => queries.lists(kind, ids, page.first + 1, page.after)),
      ),
    followerCount: batch(0, (ids) => queries.counts('followers', ids)),
    followingCount: batch(0, (ids) => queries.counts('following', ids)),
    viewerFollows: batch(false, async (ids) => (viewer ? asMap(ids, await queries.followedBy(viewer, ids)) : new Map())),
    viewerBlocked: batch(false, async (ids) => (viewer ? asMap(ids, await queries.blockedBy(viewer, ids)) : new Map())),
    circleById: batch<CircleView | null>(null, async (ids) => {
      if (!viewer) return new Map();
      return new Map((await queries.circlesOf(viewer, ids)).map((circle) => [circle.id, circle]));
    }),
    clearAll: () => loaders.clearAll(),
  };
}

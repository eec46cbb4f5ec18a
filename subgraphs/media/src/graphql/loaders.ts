import { RequestLoaders, uuidBatchLoader, viewerIdOf, type KeysetPage } from '@agora/service-kit';
import type DataLoader from 'dataloader';
import type { ProfileSlot } from '../domain/media-item/media-item';
import type { AlbumView, MediaItemView } from '../application/views';
import type { PositionedItem, PrismaMediaQueries } from '../infrastructure/prisma-media.queries';
import type { PositionPage } from './pages';

export interface MediaLoaders {
  /** An item the viewer may see, by id; null when missing or hidden from the viewer. */
  itemById: DataLoader<string, MediaItemView | null>;
  /** A post's READY attachments the viewer may see, in order: every post of the request in one statement. */
  attachments: DataLoader<string, MediaItemView[]>;
  /** A user's avatar and banner (public). */
  profileImages: DataLoader<string, Partial<Record<ProfileSlot, MediaItemView>>>;
  albumById: DataLoader<string, AlbumView | null>;
  cover: DataLoader<string, MediaItemView | null>;
  /** One loader per page, keyed by owner / album id: every parent asking for that page in one tick → one statement. */
  albums(page: KeysetPage): DataLoader<string, AlbumView[]>;
  albumItems(page: PositionPage): DataLoader<string, PositionedItem[]>;
  /** Forgets everything loaded so far: a mutation changed the data. */
  clearAll(): void;
}

/**
 * Created per request (in createContext) so nothing is cached across viewers or requests.
 * `moderator`: the viewer is a moderator or admin (they see posts' attachments whatever the post's
 * audience or removal, as posts shows them the posts).
 */
export function createLoaders(queries: PrismaMediaQueries, viewerId: string | null, options: { moderator?: boolean } = {}): MediaLoaders {
  const moderator = options.moderator ?? false;
  const viewer = viewerIdOf(viewerId ? { userId: viewerId } : null);
  const loaders = new RequestLoaders();
  const batch = <V>(fallback: V, load: (ids: string[]) => Promise<Map<string, V>>) => loaders.track(uuidBatchLoader(fallback, load));

  return {
    itemById: batch<MediaItemView | null>(null, (ids) => queries.itemsByIds(viewer, ids, moderator)),
    attachments: batch<MediaItemView[]>([], (ids) => queries.attachments(viewer, ids, moderator)),
    profileImages: batch({}, (ids) => queries.profileImages(ids)),
    albumById: batch<AlbumView | null>(null, (ids) => queries.albumsByIds(viewer, ids)),
    cover: batch<MediaItemView | null>(null, (ids) => queries.covers(viewer, ids)),
    albums: (page) =>
      loaders.perKey(`albums:${page.key}`, () =>
        uuidBatchLoader<AlbumView[]>([], (ids) => queries.albumsOf(viewer, ids, page.first + 1, page.after)),
      ),
    albumItems: (page) =>
      loaders.perKey(`albumItems:${page.key}`, () =>
        uuidBatchLoader<PositionedItem[]>([], (ids) => queries.albumItems(viewer, ids, page.first + 1, page.afterPosition)),
      ),
    clearAll: () => loaders.clearAll(),
  };
}

import type { EventMetadata } from '@agora/kernel';
import { nextModeration, type PostModerationState } from '../../domain/post-moderation';
import type { AlbumState } from '../../domain/album/album';
import type { MediaItemState, ProfileSlot } from '../../domain/media-item/media-item';
import type { MediaEvent } from '../../domain/media-item/media-item.events';
import type { DirectUpload } from '../files';
import type { TransactionScope, UnitOfWork } from '../ports';

export interface OutboxEntry {
  event: MediaEvent;
  metadata: EventMetadata;
}

interface AlbumEntry {
  albumId: string;
  mediaId: string;
  position: number;
  addedAt: Date;
}
interface Attachment {
  postId: string;
  mediaId: string;
  position: number;
  authorId: string;
}
interface KnownPost {
  authorId: string;
  deleted: boolean;
}

interface Tables {
  media: Map<string, MediaItemState>;
  albums: Map<string, AlbumState>;
  albumItems: AlbumEntry[];
  attachments: Attachment[];
  /** `${userId}|${slot}` → media id */
  profileImages: Map<string, string>;
  posts: Map<string, KnownPost>;
  /** `moderated_post`: moderation's decision kept per post. */
  moderation: Map<string, PostModerationState>;
}

const copy = (tables: Tables): Tables => ({
  media: new Map([...tables.media].map(([id, item]) => [id, { ...item }])),
  albums: new Map([...tables.albums].map(([id, album]) => [id, { ...album }])),
  albumItems: tables.albumItems.map((entry) => ({ ...entry })),
  attachments: tables.attachments.map((entry) => ({ ...entry })),
  profileImages: new Map(tables.profileImages),
  posts: new Map([...tables.posts].map(([id, post]) => [id, { ...post }])),
  moderation: new Map(tables.moderation),
});

/** Deleting an item removes what references it, as the foreign keys do. */
function cascadeMediaDeletion(tx: Tables, mediaId: string): void {
  tx.media.delete(mediaId);
  tx.albumItems = tx.albumItems.filter((entry) => entry.mediaId !== mediaId);
  tx.attachments = tx.attachments.filter((entry) => entry.mediaId !== mediaId);
  for (const [key, id] of tx.profileImages) if (id === mediaId) tx.profileImages.delete(key);
  for (const album of tx.albums.values()) if (album.coverId === mediaId) album.coverId = null;
}

/**
 * In-memory UnitOfWork for use-case tests. Behaves like the database where it matters: a
 * transaction works on a copy and its writes, outbox entries and file removals take effect only
 * when it succeeds, deleting an item deletes what references it, and the inbox makes `runOnce` run once.
 */
export class InMemoryUnitOfWork implements UnitOfWork {
  tables: Tables = {
    media: new Map(),
    albums: new Map(),
    albumItems: [],
    attachments: [],
    profileImages: new Map(),
    posts: new Map(),
    moderation: new Map(),
  };
  readonly outbox: OutboxEntry[] = [];
  readonly inbox = new Set<string>();
  /** Storage keys removed after commits, in order. */
  readonly removedFiles: string[] = [];

  // ── arrangement helpers for tests ─────────────────────────────────────────────────────────────
  store(item: MediaItemState): void {
    this.tables.media.set(item.id, { ...item });
  }
  events(): MediaEvent[] {
    return this.outbox.map((entry) => entry.event);
  }
  albumItemIds(albumId: string): string[] {
    return this.tables.albumItems
      .filter((entry) => entry.albumId === albumId)
      .sort((a, b) => a.position - b.position)
      .map((entry) => entry.mediaId);
  }
  attachmentIds(postId: string): string[] {
    return this.tables.attachments
      .filter((entry) => entry.postId === postId)
      .sort((a, b) => a.position - b.position)
      .map((entry) => entry.mediaId);
  }
  profileImage(userId: string, slot: ProfileSlot): string | undefined {
    return this.tables.profileImages.get(`${userId}|${slot}`);
  }

  // ── UnitOfWork ─────────────────────────────────────────────────────────────────────────────────
  async run<R>(work: (scope: TransactionScope) => Promise<R>): Promise<R> {
    const tx = copy(this.tables);
    const appended: OutboxEntry[] = [];
    const removals: string[] = [];
    const result = await work(this.scope(tx, appended, removals));
    this.tables = tx;
    this.outbox.push(...appended);
    this.removedFiles.push(...removals);
    return result;
  }

  async runOnce(consumer: string, eventId: string, work: (scope: TransactionScope) => Promise<void>): Promise<boolean> {
    const inboxKey = `${consumer}/${eventId}`;
    if (this.inbox.has(inboxKey)) return false;
    await this.run(work);
    this.inbox.add(inboxKey);
    return true;
  }

  private scope(tx: Tables, appended: OutboxEntry[], removals: string[]): TransactionScope {
    const update = (mediaId: string, from: MediaItemState['status'], change: Partial<MediaItemState>) => {
      const item = tx.media.get(mediaId);
      if (!item || item.status !== from) return null;
      Object.assign(item, change);
      return { ...item };
    };
    return {
      media: {
        insert: async (item) => {
          if (tx.media.has(item.id)) throw new Error(`duplicate media item ${item.id}`);
          tx.media.set(item.id, { ...item });
        },
        findForUpdate: async (mediaId) => {
          const item = tx.media.get(mediaId);
          return item ? { ...item } : null;
        },
        setCaption: async (mediaId, caption) => void (tx.media.get(mediaId)!.caption = caption),
        delete: async (mediaId) => cascadeMediaDeletion(tx, mediaId),
        claim: async (mediaId, now) => {
          const item = tx.media.get(mediaId);
          if (!item || item.status !== 'PENDING' || item.uploadExpiresAt.getTime() <= now.getTime()) return null;
          item.status = 'UPLOADING';
          return { ...item };
        },
        release: async (mediaId) => update(mediaId, 'UPLOADING', { status: 'PENDING' }) !== null,
        markReady: async (mediaId, fields, at) => update(mediaId, 'UPLOADING', { ...fields, status: 'READY', readyAt: at }),
        markFailed: async (mediaId, reason) => update(mediaId, 'UPLOADING', { status: 'FAILED', failureReason: reason }),
        readyOwnedBy: async (ownerId, mediaIds) =>
          new Set(
            mediaIds.filter((id) => {
              const item = tx.media.get(id);
              return item?.ownerId === ownerId && item.status === 'READY';
            }),
          ),
        unused: async (mediaIds) =>
          mediaIds.filter(
            (id) =>
              !tx.albumItems.some((entry) => entry.mediaId === id) &&
              !tx.attachments.some((entry) => entry.mediaId === id) &&
              ![...tx.profileImages.values()].includes(id),
          ),
        deleteUnfinishedBefore: async (before, limit) => {
          const stale = [...tx.media.values()]
            .filter((item) => (item.status === 'PENDING' || item.status === 'UPLOADING') && item.createdAt < before)
            .slice(0, limit)
            .map((item) => item.id);
          for (const id of stale) cascadeMediaDeletion(tx, id);
          return stale;
        },
      },
      albums: {
        insert: async (album) => void tx.albums.set(album.id, { ...album }),
        findForUpdate: async (albumId) => {
          const album = tx.albums.get(albumId);
          return album ? { ...album } : null;
        },
        delete: async (albumId) => {
          tx.albums.delete(albumId);
          tx.albumItems = tx.albumItems.filter((entry) => entry.albumId !== albumId);
        },
        itemCount: async (albumId) => tx.albumItems.filter((entry) => entry.albumId === albumId).length,
        contains: async (albumId, mediaId) => tx.albumItems.some((entry) => entry.albumId === albumId && entry.mediaId === mediaId),
        append: async (albumId, mediaId, at) => {
          const last = Math.max(0, ...tx.albumItems.filter((entry) => entry.albumId === albumId).map((entry) => entry.position));
          tx.albumItems.push({ albumId, mediaId, position: last + 1, addedAt: at });
        },
        remove: async (albumId, mediaId) => {
          const before = tx.albumItems.length;
          tx.albumItems = tx.albumItems.filter((entry) => !(entry.albumId === albumId && entry.mediaId === mediaId));
          const album = tx.albums.get(albumId);
          if (album?.coverId === mediaId) album.coverId = null;
          return tx.albumItems.length < before;
        },
      },
      profileImages: {
        set: async (userId, slot, mediaId) => void tx.profileImages.set(`${userId}|${slot}`, mediaId),
        slotsShowing: async (mediaId) =>
          [...tx.profileImages]
            .filter(([, id]) => id === mediaId)
            .map(([key]) => {
              const [userId, slot] = key.split('|') as [string, ProfileSlot];
              return { userId, slot };
            }),
      },
      attachments: {
        attach: async (postId, authorId, mediaIds) => {
          mediaIds.forEach((mediaId, position) => {
            if (!tx.attachments.some((entry) => entry.postId === postId && entry.mediaId === mediaId)) {
              tx.attachments.push({ postId, mediaId, position, authorId });
            }
          });
        },
        detachPost: async (postId) => {
          const detached = tx.attachments.filter((entry) => entry.postId === postId).map((entry) => entry.mediaId);
          tx.attachments = tx.attachments.filter((entry) => entry.postId !== postId);
          return detached;
        },
      },
      posts: {
        recordPublication: async ({ postId, authorId }) => {
          const known = tx.posts.get(postId);
          if (!known) tx.posts.set(postId, { authorId, deleted: false });
          return { deleted: known?.deleted ?? false };
        },
        recordDeletion: async (postId, authorId) => void tx.posts.set(postId, { authorId, deleted: true }),
      },
      moderation: {
        record: async ({ postId, ...decision }) => void tx.moderation.set(postId, nextModeration(tx.moderation.get(postId), decision)),
      },
      files: {
        removeFilesOf: (mediaIds) => removals.push(...mediaIds.flatMap((id) => [`${id}/raw`, `${id}/original`, `${id}/thumbnail`])),
        removeObjects: (keys) => removals.push(...keys),
      },
      uploads: {
        uploadTarget: async ({ id, contentType, byteSize, expiresAt }): Promise<DirectUpload> => ({
          url: `https://media.test/media/uploads/${id}?expires=${Math.floor(expiresAt.getTime() / 1000)}&sig=test`,
          method: 'PUT',
          headers: [
            { name: 'Content-Type', value: contentType },
            { name: 'Content-Length', value: String(byteSize) },
          ],
        }),
      },
      outbox: {
        append: async (events, metadata) => void appended.push(...events.map((event) => ({ event, metadata }))),
      },
    };
  }
}

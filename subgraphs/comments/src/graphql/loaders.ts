import DataLoader from 'dataloader';
import { z } from 'zod';
import type { CommentView } from '../application/views';
import type { PrismaCommentQueries } from '../infrastructure/prisma-comment.queries';
import type { CommentPage } from './comment-page';

export interface CommentLoaders {
  /** A comment the viewer may read, by id; null when missing, deleted or hidden from the viewer. */
  commentById: DataLoader<string, CommentView | null>;
  /** One loader per page (first/after), keyed by post id: every post asking for that page in one tick → one statement. */
  comments(page: CommentPage): DataLoader<string, CommentView[]>;
  /** The same for replies, keyed by the parent comment's id. */
  replies(page: CommentPage): DataLoader<string, CommentView[]>;
  commentCount: DataLoader<string, number>;
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

/** Created per request (in createContext) so nothing is cached across viewers or requests. */
export function createLoaders(queries: PrismaCommentQueries, viewerId: string | null): CommentLoaders {
  const viewer = viewerId && isUuid(viewerId) ? viewerId.toLowerCase() : null;
  const pages = new Map<string, DataLoader<string, CommentView[]>>();
  const all: DataLoader<string, unknown>[] = [];
  const track = <V>(loader: DataLoader<string, V>): DataLoader<string, V> => {
    all.push(loader as DataLoader<string, unknown>);
    return loader;
  };
  const paged = (kind: 'comments' | 'replies', page: CommentPage) => {
    const key = `${kind}:${page.key}`;
    let loader = pages.get(key);
    if (!loader) {
      const list = kind === 'comments' ? queries.topLevel.bind(queries) : queries.replies.bind(queries);
      loader = track(batch<CommentView[]>([], (ids) => list(viewer, ids, page.first + 1, page.after)));
      pages.set(key, loader);
    }
    return loader;
  };

  return {
    commentById: track(batch<CommentView | null>(null, (ids) => queries.byIds(viewer, ids))),
    comments: (page) => paged('comments', page),
    replies: (page) => paged('replies', page),
    commentCount: track(batch(0, (ids) => queries.counts(viewer, ids))),
    clearAll() {
      for (const loader of all) loader.clearAll();
      pages.clear();
    },
  };
}

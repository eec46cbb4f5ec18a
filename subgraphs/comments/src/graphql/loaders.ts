import { hasRole, RequestLoaders, uuidBatchLoader, viewerIdOf, type Viewer } from '@agora/service-kit';
import type DataLoader from 'dataloader';
import type { CommentView } from '../application/views';
import type { PrismaCommentQueries } from '../infrastructure/prisma-comment.queries';
import type { CommentReader } from '../infrastructure/sql';
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

/**
 * Created per request (in createContext) so nothing is cached across viewers or requests. The
 * viewer's role decides moderator access (`hasRole(viewer, 'MODERATOR')`: every comment of every
 * post, whatever its audience or removal).
 */
export function createLoaders(queries: PrismaCommentQueries, viewerOf: Pick<Viewer, 'userId' | 'role'> | null): CommentLoaders {
  const userId = viewerIdOf(viewerOf);
  const viewer: CommentReader = userId ? { userId, moderator: hasRole(viewerOf, 'MODERATOR') } : null;
  const loaders = new RequestLoaders();
  const batch = <V>(fallback: V, load: (ids: string[]) => Promise<Map<string, V>>) => loaders.track(uuidBatchLoader(fallback, load));
  const paged = (list: 'topLevel' | 'replies', page: CommentPage) =>
    loaders.perKey(`${list}:${page.key}`, () =>
      uuidBatchLoader<CommentView[]>([], (ids) => queries[list](viewer, ids, page.first + 1, page.after)),
    );

  return {
    commentById: batch<CommentView | null>(null, (ids) => queries.byIds(viewer, ids)),
    comments: (page) => paged('topLevel', page),
    replies: (page) => paged('replies', page),
    commentCount: batch(0, (ids) => queries.counts(viewer, ids)),
    clearAll: () => loaders.clearAll(),
  };
}

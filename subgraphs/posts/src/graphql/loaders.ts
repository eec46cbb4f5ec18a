import { RequestLoaders, uuidBatchLoader, type KeysetPage } from '@agora/service-kit';
import type DataLoader from 'dataloader';
import type { PostSnapshot } from '../domain/post/post.aggregate';
import type { PostReader, PostRevision, PrismaPostQueries } from '../infrastructure/prisma-post.queries';

export interface PostLoaders {
  /** Live post by id, or null when missing, deleted, not visible to this request's reader or removed by a moderator (but for its author and moderators). */
  postById: DataLoader<string, PostSnapshot | null>;
  /** One loader per distinct page (first/after), keyed by author id; each loads `first + 1` rows per author. */
  postsByAuthor(page: KeysetPage): DataLoader<string, PostSnapshot[]>;
  /** A post's revisions from its stream, oldest first (callers check the reader is the author). */
  revisionsByPost: DataLoader<string, PostRevision[]>;
  /** Forgets everything loaded (after a command, so the result's fields show the change). */
  clearAll(): void;
}

/** Created per request (in createContext) so nothing is cached across readers or requests. */
export function createLoaders(queries: PrismaPostQueries, reader: PostReader): PostLoaders {
  const loaders = new RequestLoaders();
  const byId = async (ids: string[]) => new Map((await queries.findVisibleByIds(ids, reader)).map((post) => [post.id, post]));
  return {
    postById: loaders.track(uuidBatchLoader<PostSnapshot | null>(null, byId)),
    postsByAuthor: (page) =>
      loaders.perKey(page.key, () =>
        uuidBatchLoader<PostSnapshot[]>([], (authorIds) => queries.listByAuthors(authorIds, page.first + 1, page.after, reader)),
      ),
    revisionsByPost: loaders.track(uuidBatchLoader<PostRevision[]>([], (postIds) => queries.listRevisions(postIds))),
    clearAll: () => loaders.clearAll(),
  };
}

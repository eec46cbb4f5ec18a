import DataLoader from 'dataloader';
import { z } from 'zod';
import type { PostSnapshot } from '../domain/post/post.aggregate';
import type { Reader } from '../domain/post/visibility';
import type { PostRevision, PrismaPostQueries } from '../infrastructure/prisma-post.queries';
import type { PostPage } from './post-page';

export interface PostLoaders {
  /** Live post by id, or null when missing, deleted or not visible to this request's reader. */
  postById: DataLoader<string, PostSnapshot | null>;
  /** One loader per distinct page (first/after), keyed by author id; each loads `first + 1` rows per author. */
  postsByAuthor(page: PostPage): DataLoader<string, PostSnapshot[]>;
  /** A post's revisions from its stream, oldest first (callers check the reader is the author). */
  revisionsByPost: DataLoader<string, PostRevision[]>;
}

const isUuid = (value: string) => z.uuid().safeParse(value).success;

export function createLoaders(queries: PrismaPostQueries, reader: Reader): PostLoaders {
  const postById = new DataLoader<string, PostSnapshot | null>(async (ids) => {
    // An id that is not a UUID cannot exist; asking Postgres would fail the whole batch.
    const valid = ids.filter(isUuid).map((id) => id.toLowerCase());
    const posts = valid.length > 0 ? await queries.findVisibleByIds(valid, reader) : [];
    const byId = new Map(posts.map((post) => [post.id, post]));
    return ids.map((id) => byId.get(id.toLowerCase()) ?? null);
  });

  const byPage = new Map<string, DataLoader<string, PostSnapshot[]>>();
  const postsByAuthor = (page: PostPage) => {
    let loader = byPage.get(page.key);
    if (!loader) {
      loader = new DataLoader<string, PostSnapshot[]>(async (authorIds) => {
        const valid = authorIds.filter(isUuid).map((id) => id.toLowerCase());
        const byAuthor = valid.length > 0 ? await queries.listByAuthors(valid, page.first + 1, page.after, reader) : new Map();
        return authorIds.map((id) => byAuthor.get(id.toLowerCase()) ?? []);
      });
      byPage.set(page.key, loader);
    }
    return loader;
  };

  const revisionsByPost = new DataLoader<string, PostRevision[]>(async (postIds) => {
    const byPost = await queries.listRevisions(postIds);
    return postIds.map((id) => byPost.get(id) ?? []);
  });

  return { postById, postsByAuthor, revisionsByPost };
}

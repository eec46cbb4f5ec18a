import { z } from 'zod';
import { DomainError, parsePageArgs, toConnection, type Connection, type ConnectionArgs } from '@agora/service-kit';
import type { PostSnapshot } from '../domain/post/post.aggregate';
import type { PostCursor } from '../infrastructure/prisma-post.queries';

export interface PostPage {
  first: number;
  after: PostCursor | null;
  /** Stable key of (first, after), to share one DataLoader between fields asking for the same page. */
  key: string;
}

const cursorParts = z.tuple([z.iso.datetime(), z.uuid()]);

/** Relay args → validated page; BAD_USER_INPUT (field `first` / `after`) when they are not usable. */
export function parsePostPage(args: ConnectionArgs): PostPage {
  const page = parsePageArgs(args);
  if (page.after === null) return { first: page.first, after: null, key: `${page.first}:` };
  // The kit decodes any well-formed cursor; make sure it is one of ours.
  const parts = cursorParts.safeParse(page.after);
  if (!parts.success) throw new DomainError('BAD_USER_INPUT', 'PAGINATION.INVALID_CURSOR', 'Invalid cursor.', 'after');
  const [createdAt, id] = parts.data;
  return { first: page.first, after: { createdAt: new Date(createdAt), id }, key: `${page.first}:${createdAt}:${id}` };
}

/** A connection from rows fetched with `first + 1`, cursors in the `(created_at desc, id desc)` order. */
export function toPostConnection(rows: PostSnapshot[], page: PostPage): Connection<PostSnapshot> {
  return toConnection(rows, page, (post) => [post.createdAt.toISOString(), post.id]);
}

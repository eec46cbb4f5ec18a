import { DomainError, parsePageArgs, toConnection, type Connection, type ConnectionArgs } from '@agora/service-kit';
import { z } from 'zod';
import type { CommentView } from '../application/views';
import type { CommentCursor } from '../infrastructure/prisma-comment.queries';

/** A validated page request of a comment list (Post.comments, Comment.replies). */
export interface CommentPage {
  first: number;
  after: CommentCursor | null;
  /** Stable key of (first, after), to share one DataLoader between parents asking for the same page. */
  key: string;
}

const cursorParts = z.tuple([z.iso.datetime(), z.uuid()]);

/** Relay args → validated page; BAD_USER_INPUT (field `first` / `after`) when they are not usable. */
export function parseCommentPage(args: ConnectionArgs): CommentPage {
  const page = parsePageArgs(args);
  if (page.after === null) return { first: page.first, after: null, key: `${page.first}:` };
  // The kit decodes any well-formed cursor; make sure it is one of ours.
  const parts = cursorParts.safeParse(page.after);
  if (!parts.success) throw new DomainError('BAD_USER_INPUT', 'PAGINATION.INVALID_CURSOR', 'after is not a valid cursor', 'after');
  const [createdAt, id] = parts.data;
  return { first: page.first, after: { createdAt: new Date(createdAt), id: id.toLowerCase() }, key: `${page.first}:${createdAt}:${id.toLowerCase()}` };
}

/** A connection from rows fetched with `first + 1`, cursors in the `(created_at, id)` ascending order. */
export function toCommentConnection(rows: CommentView[], page: CommentPage): Connection<CommentView> {
  return toConnection(rows, page, (comment) => [comment.createdAt.toISOString(), comment.id]);
}

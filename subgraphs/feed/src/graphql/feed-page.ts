import { z } from 'zod';
import { DomainError, parsePageArgs, toConnection, type Connection, type ConnectionArgs } from '@agora/service-kit';
import type { FeedItem, TimelineCursor } from '../infrastructure/prisma-feed.queries';
import type { PostRef } from './post-ref';

export interface FeedPage {
  first: number;
  after: TimelineCursor | null;
}

const cursorParts = z.tuple([z.iso.datetime(), z.uuid()]);

/** Relay args → validated page; BAD_USER_INPUT (field `first` / `after`) when they are not usable. */
export function parseFeedPage(args: ConnectionArgs): FeedPage {
  const page = parsePageArgs(args);
  if (page.after === null) return { first: page.first, after: null };
  // The kit decodes any well-formed cursor; make sure it is one of ours.
  const parts = cursorParts.safeParse(page.after);
  if (!parts.success) throw new DomainError('BAD_USER_INPUT', 'PAGINATION.INVALID_CURSOR', 'after is not a valid cursor', 'after');
  const [publishedAt, postId] = parts.data;
  return { first: page.first, after: { publishedAt: new Date(publishedAt), postId } };
}

/** A connection from rows fetched with `first + 1`, cursors in the `(published_at desc, post_id desc)` order. */
export function toFeedConnection(items: FeedItem[], page: FeedPage): Connection<PostRef> {
  const connection = toConnection(items, page, (item) => [item.publishedAt.toISOString(), item.postId]);
  return { ...connection, edges: connection.edges.map((edge) => ({ cursor: edge.cursor, node: { id: edge.node.postId } })) };
}

import { parseKeysetPage, toKeysetConnection, type Connection, type ConnectionArgs, type KeysetPage } from '@agora/service-kit';
import type { FeedItem } from '../infrastructure/prisma-feed.queries';
import type { PostRef } from './post-ref';

/** A validated page request of a timeline, in `(published_at desc, post_id desc)` order. */
export type FeedPage = KeysetPage;

/** Relay args → validated page; BAD_USER_INPUT (field `first` / `after`) when they are not usable. */
export const parseFeedPage = (args: ConnectionArgs): FeedPage => parseKeysetPage(args);

/** A connection from rows fetched with `first + 1`. */
export function toFeedConnection(items: FeedItem[], page: FeedPage): Connection<PostRef> {
  const connection = toKeysetConnection(items, page, (item) => ({ at: item.publishedAt, id: item.postId }));
  return { ...connection, edges: connection.edges.map((edge) => ({ cursor: edge.cursor, node: { id: edge.node.postId } })) };
}

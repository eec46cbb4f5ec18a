import { parseKeysetPage, toKeysetConnection, type Connection, type ConnectionArgs, type KeysetPage } from '@agora/service-kit';
import type { UserRef } from '../application/views';
import type { ListedUser } from '../infrastructure/prisma-social.queries';

/** A validated page request of a user list (followers, following, members), in `(since desc, id desc)` order. */
export type UserPage = KeysetPage;

/** Relay args → validated page; BAD_USER_INPUT (field `first` / `after`) when they are not usable. */
export const parseUserPage = (args: ConnectionArgs): UserPage => parseKeysetPage(args);

/** A connection from rows fetched with `first + 1`. */
export function toUserConnection(rows: ListedUser[], page: UserPage): Connection<UserRef> {
  const connection = toKeysetConnection(rows, page, (row) => ({ at: row.since, id: row.id }));
  return { ...connection, edges: connection.edges.map(({ cursor, node }) => ({ cursor, node: { id: node.id } })) };
}

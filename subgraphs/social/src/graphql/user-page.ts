import { DomainError, parsePageArgs, toConnection, type Connection, type ConnectionArgs } from '@agora/service-kit';
import { z } from 'zod';
import type { UserRef } from '../application/views';
import type { ListCursor, ListedUser } from '../infrastructure/prisma-social.queries';

/** A validated page request of a user list (followers, following, members). */
export interface UserPage {
  first: number;
  after: ListCursor | null;
  /** Stable key of (first, after), to share one DataLoader between fields asking for the same page. */
  key: string;
}

const cursorParts = z.tuple([z.iso.datetime(), z.uuid()]);

/** Relay args → validated page; BAD_USER_INPUT (field `first` / `after`) when they are not usable. */
export function parseUserPage(args: ConnectionArgs): UserPage {
  const page = parsePageArgs(args);
  if (page.after === null) return { first: page.first, after: null, key: `${page.first}:` };
  // The kit decodes any well-formed cursor; make sure it is one of ours.
  const parts = cursorParts.safeParse(page.after);
  if (!parts.success) throw new DomainError('BAD_USER_INPUT', 'PAGINATION.INVALID_CURSOR', 'after is not a valid cursor', 'after');
  const [since, id] = parts.data;
  return { first: page.first, after: { since: new Date(since), id: id.toLowerCase() }, key: `${page.first}:${since}:${id}` };
}

/** A connection from rows fetched with `first + 1`, cursors in the `(since desc, id desc)` order. */
export function toUserConnection(rows: ListedUser[], page: UserPage): Connection<UserRef> {
  const connection = toConnection(rows, page, (row) => [row.since.toISOString(), row.id]);
  return { ...connection, edges: connection.edges.map(({ cursor, node }) => ({ cursor, node: { id: node.id } })) };
}

import {
  DomainError,
  parseKeysetPage,
  parsePageArgs,
  toConnection,
  toKeysetConnection,
  type Connection,
  type ConnectionArgs,
  type KeysetPage,
} from '@agora/service-kit';
import type { AlbumView } from '../application/views';
import type { PositionedItem } from '../infrastructure/prisma-media.queries';

/** User.albums: `(created_at desc, id desc)` keyset pages. */
export const parseAlbumPage = (args: ConnectionArgs): KeysetPage => parseKeysetPage(args);

export function toAlbumConnection(rows: AlbumView[], page: KeysetPage): Connection<AlbumView> {
  return toKeysetConnection(rows, page, (album) => ({ at: album.createdAt, id: album.id }));
}

/** Album.items: pages in album order, the cursor being the item's position. */
export interface PositionPage {
  first: number;
  afterPosition: number | null;
  key: string;
}

const invalidCursor = () => new DomainError('BAD_USER_INPUT', 'PAGINATION.INVALID_CURSOR', 'after is not a valid cursor', 'after');

export function parsePositionPage(args: ConnectionArgs): PositionPage {
  const page = parsePageArgs(args);
  if (page.after === null) return { first: page.first, afterPosition: null, key: `${page.first}:` };
  const [position, ...rest] = page.after;
  if (typeof position !== 'number' || !Number.isInteger(position) || position < 0 || rest.length > 0) throw invalidCursor();
  return { first: page.first, afterPosition: position, key: `${page.first}:${position}` };
}

export function toItemConnection(rows: PositionedItem[], page: PositionPage): Connection<PositionedItem> {
  return toConnection(rows, { first: page.first, after: page.afterPosition }, (item) => [item.position]);
}

import { DomainError } from './errors';

export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
}
export interface PageRequest {
  /** Validated page size (default 20, 1..100). */
  first: number;
  /** Decoded cursor parts, or null for the first page. */
  after: (string | number)[] | null;
}
export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  /**
   * Relay's PageInfo. Pages are read forwards (`first`/`after`): `hasPreviousPage` is true when
   * the page starts after a cursor (there is at least the item the cursor points at), as the
   * Relay spec allows for forward pagination.
   */
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

/** Every Agora list: `first` absent = 20, at most 100 (the gateway's cost estimate and the subgraphs' own page check use the same numbers). */
export const PAGE_SIZE = { default: 20, max: 100 } as const;

/** Real cursors are a few dozen characters; refuse to decode anything absurd. */
const MAX_CURSOR_LENGTH = 1024;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * Cursors are base64url JSON arrays of the sort key parts (e.g. `[createdAt, id]`). Opaque to
 * clients, trivially decodable by us, stable across deploys.
 */
export function encodeCursor(parts: (string | number)[]): string {
  return Buffer.from(JSON.stringify(parts), 'utf8').toString('base64url');
}

/** Returns null when `cursor` is not something `encodeCursor` produced. */
export function decodeCursor(cursor: string): (string | number)[] | null {
  if (cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH || !BASE64URL.test(cursor)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || parsed.length === 0) return null;
  const valid = parsed.every((part) => typeof part === 'string' || (typeof part === 'number' && Number.isFinite(part)));
  return valid ? (parsed as (string | number)[]) : null;
}

/** BAD_USER_INPUT (field `first` / `after`) for first < 1, first > max, or a malformed cursor. */
export function parsePageArgs(args: ConnectionArgs, options: { defaultFirst?: number; max?: number } = {}): PageRequest {
  const max = options.max ?? PAGE_SIZE.max;
  const first = args.first ?? options.defaultFirst ?? PAGE_SIZE.default;
  if (!Number.isInteger(first) || first < 1 || first > max) {
    throw new DomainError('BAD_USER_INPUT', 'PAGINATION.INVALID_FIRST', `first must be between 1 and ${max}`, 'first');
  }
  if (args.after === undefined || args.after === null) return { first, after: null };
  const after = decodeCursor(args.after);
  if (!after) throw new DomainError('BAD_USER_INPUT', 'PAGINATION.INVALID_CURSOR', 'after is not a valid cursor', 'after');
  return { first, after };
}

/**
 * `rows` fetched with limit first + 1; the extra row only sets hasNextPage. Pass the PageRequest
 * (rather than just its `first`) so hasPreviousPage reflects whether the page started after a cursor.
 */
export function toConnection<T>(
  rows: T[],
  page: { first: number; after: unknown } | number,
  cursorOf: (row: T) => (string | number)[],
): Connection<T> {
  const first = typeof page === 'number' ? page : page.first;
  const edges = rows.slice(0, first).map((node) => ({ cursor: encodeCursor(cursorOf(node)), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage: typeof page !== 'number' && page.after !== null && page.after !== undefined,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/** The position after which a keyset page starts: a timestamp and an id (the tie-breaker), ids canonical. */
export interface KeysetCursor {
  at: Date;
  id: string;
}

/** A validated page of a list sorted by `(timestamp desc, id desc)` — every list in Agora. */
export interface KeysetPage {
  first: number;
  after: KeysetCursor | null;
  /** Stable key of (first, after), to share one DataLoader between fields asking for the same page. */
  key: string;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Relay args → a keyset page; BAD_USER_INPUT (field `first` / `after`) when they are not usable.
 * The cursor must be one of ours: `[ISO instant, uuid]` as `toKeysetConnection` writes it.
 */
export function parseKeysetPage(args: ConnectionArgs, options: { defaultFirst?: number; max?: number } = {}): KeysetPage {
  const page = parsePageArgs(args, options);
  if (page.after === null) return { first: page.first, after: null, key: `${page.first}:` };
  const [at, id, ...rest] = page.after;
  const valid = typeof at === 'string' && ISO_INSTANT.test(at) && !Number.isNaN(Date.parse(at)) && typeof id === 'string' && UUID.test(id);
  if (!valid || rest.length > 0) {
    throw new DomainError('BAD_USER_INPUT', 'PAGINATION.INVALID_CURSOR', 'after is not a valid cursor', 'after');
  }
  return { first: page.first, after: { at: new Date(at), id: id.toLowerCase() }, key: `${page.first}:${at}:${id.toLowerCase()}` };
}

/** A connection from rows fetched with `first + 1`, cursors `[timestamp, id]` in `(timestamp desc, id desc)` order. */
export function toKeysetConnection<T>(rows: T[], page: KeysetPage, keyOf: (row: T) => KeysetCursor): Connection<T> {
  return toConnection(rows, page, (row) => {
    const { at, id } = keyOf(row);
    return [at.toISOString(), id];
  });
}

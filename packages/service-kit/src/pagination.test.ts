import { describe, expect, it } from 'vitest';
import { DomainError } from './errors';
import { decodeCursor, encodeCursor, parseKeysetPage, parsePageArgs, toConnection, toKeysetConnection } from './pagination';

function domainErrorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('parsePageArgs', () => {
  it('defaults to 20 items from the start', () => {
    expect(parsePageArgs({})).toEqual({ first: 20, after: null });
    expect(parsePageArgs({ first: null, after: null })).toEqual({ first: 20, after: null });
  });

  it('honours a custom default and maximum', () => {
    expect(parsePageArgs({}, { defaultFirst: 5 }).first).toBe(5);
    expect(parsePageArgs({ first: 250 }, { max: 250 }).first).toBe(250);
  });

  it('accepts the bounds 1 and 100', () => {
    expect(parsePageArgs({ first: 1 }).first).toBe(1);
    expect(parsePageArgs({ first: 100 }).first).toBe(100);
  });

  it.each([0, -3, 101, 1.5])('rejects first = %s as BAD_USER_INPUT on field first, naming the range', (first) => {
    const error = domainErrorOf(() => parsePageArgs({ first }));
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.field).toBe('first');
    expect(error.reason).toBe('PAGINATION.INVALID_FIRST');
    expect(error.message).toContain('between 1 and 100');
  });

  it('decodes a cursor made by encodeCursor', () => {
    const after = encodeCursor(['2026-11-22T10:00:00.000Z', 'post_1', 42]);
    expect(parsePageArgs({ first: 10, after })).toEqual({ first: 10, after: ['2026-11-22T10:00:00.000Z', 'post_1', 42] });
  });

  it.each([
    ['not base64url', 'not a cursor!'],
    ['base64url of non-JSON', Buffer.from('hello').toString('base64url')],
    ['an object instead of an array', Buffer.from('{"id":1}').toString('base64url')],
    ['an empty array', Buffer.from('[]').toString('base64url')],
    ['nested values', Buffer.from('[["x"]]').toString('base64url')],
    ['an absurdly long string', 'a'.repeat(5000)],
    ['the empty string', ''],
  ])('rejects a malformed cursor (%s) as BAD_USER_INPUT on field after', (_label, after) => {
    const error = domainErrorOf(() => parsePageArgs({ after }));
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.field).toBe('after');
    expect(error.reason).toBe('PAGINATION.INVALID_CURSOR');
  });
});

describe('cursors', () => {
  it('round-trips strings and numbers, including unicode', () => {
    const parts = ['héllo ✓', 7, 'a/b+c=d', -1.25];
    const cursor = encodeCursor(parts);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual(parts);
  });
});

describe('toConnection', () => {
  const rows = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];

  it('uses the extra row only to report hasNextPage', () => {
    const connection = toConnection(rows, 2, (row) => [row.id]);
    expect(connection.edges.map((edge) => edge.node.id)).toEqual(['a', 'b']);
    expect(connection.pageInfo.hasNextPage).toBe(true);
    expect(connection.pageInfo.endCursor).toBe(encodeCursor(['b']));
    expect(decodeCursor(connection.edges[0]!.cursor)).toEqual(['a']);
  });

  it('reports the last page', () => {
    const connection = toConnection(rows, 3, (row) => [row.id]);
    expect(connection.edges).toHaveLength(3);
    expect(connection.pageInfo).toEqual({
      hasNextPage: false,
      hasPreviousPage: false,
      startCursor: encodeCursor(['a']),
      endCursor: encodeCursor(['c']),
    });
  });

  it('reports start and end cursors and no previous page on the first page', () => {
    const { pageInfo, edges } = toConnection(rows, { first: 2, after: null }, (row) => [row.id]);
    expect(pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: false, startCursor: edges[0]!.cursor, endCursor: edges[1]!.cursor });
  });
  it('reports a previous page when the page starts after a cursor', () => {
    const { pageInfo } = toConnection(rows.slice(1), { first: 2, after: ['a'] }, (row) => [row.id]);
    expect(pageInfo.hasPreviousPage).toBe(true);
    expect(pageInfo.hasNextPage).toBe(false);
  });
  it('has null cursors and no further pages for an empty page', () => {
    expect(toConnection([], { first: 5, after: null }, (row: { id: string }) => [row.id]).pageInfo).toEqual({
      hasNextPage: false,
      hasPreviousPage: false,
      startCursor: null,
      endCursor: null,
    });
  });
});

describe('keyset pages', () => {
  const id = '0190F0C2-7A3B-7C4D-8E5F-AABBCCDDEEFF';
  it('round-trips a cursor written by toKeysetConnection, id canonical', () => {
    const at = new Date('2026-11-30T10:00:00.000Z');
    const first = parseKeysetPage({ first: 1 });
    const connection = toKeysetConnection(
      [
        { at, id },
        { at, id },
      ],
      first,
      (row) => row,
    );
    expect(connection.pageInfo.hasNextPage).toBe(true);
    const next = parseKeysetPage({ first: 1, after: connection.pageInfo.endCursor });
    expect(next.after).toEqual({ at, id: id.toLowerCase() });
    expect(next.key).toBe(`1:2026-11-30T10:00:00.000Z:${id.toLowerCase()}`);
  });

  it.each([
    ['not a timestamp', ['yesterday', id]],
    ['not a uuid', ['2026-11-30T10:00:00.000Z', 'abc']],
    ['extra parts', ['2026-11-30T10:00:00.000Z', id, 1]],
  ])('refuses a well-formed cursor that is not ours (%s)', (_case, parts) => {
    expect(() => parseKeysetPage({ after: encodeCursor(parts) })).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', reason: 'PAGINATION.INVALID_CURSOR', field: 'after' }),
    );
  });
});

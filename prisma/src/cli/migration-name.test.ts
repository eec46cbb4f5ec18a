import { describe, expect, it } from 'vitest';
import { MIGRATION_NAME_PATTERN, nextMigrationName } from './migration-name';

describe('nextMigrationName', () => {
  it('prefixes the name with the UTC timestamp, like Prisma', () => {
    expect(nextMigrationName([], 'init', new Date('2026-11-22T02:44:28.913Z'))).toBe('20261122024428_init');
  });

  it('sorts after a migration authored in the same second', () => {
    const now = new Date('2026-11-22T02:44:28.100Z');
    expect(nextMigrationName(['20261122024428_init'], 'add_note', now)).toBe('20261122024429_add_note');
  });

  it('sorts after a migration from a clock that was ahead, across a day boundary', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(nextMigrationName(['20261231235959_future'], 'fix', now)).toBe('20270101000000_fix');
  });

  it('accepts snake_case names only', () => {
    expect(MIGRATION_NAME_PATTERN.test('add_post_title')).toBe(true);
    expect(MIGRATION_NAME_PATTERN.test('AddPost')).toBe(false);
    expect(MIGRATION_NAME_PATTERN.test('add-post')).toBe(false);
    expect(MIGRATION_NAME_PATTERN.test('_x')).toBe(false);
  });
});

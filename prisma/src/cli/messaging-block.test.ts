import { describe, expect, it } from 'vitest';
import { BEGIN_MARKER, checkMessagingBlock, END_MARKER, syncMessagingBlock } from './messaging-block';

const canonical = 'model OutboxEvent {\n  seq BigInt @id\n}\n';
const head = 'datasource db {\n  provider = "postgresql"\n}\n\nmodel Note {\n  id String @id\n}\n';

describe('messaging block', () => {
  it('appends the block with its markers when the schema has none', () => {
    const synced = syncMessagingBlock(head, canonical);
    expect(synced).toBe(`${head}\n${BEGIN_MARKER}\nmodel OutboxEvent {\n  seq BigInt @id\n}\n${END_MARKER}\n`);
    expect(checkMessagingBlock(synced, canonical)).toBeNull();
  });

  it('rewrites only what is between the markers', () => {
    const stale = `${head}\n// ── messaging: begin (old wording)\nmodel Outbox {\n  seq Int @id\n}\n${END_MARKER}\n\nmodel After {\n  id Int @id\n}\n`;
    expect(checkMessagingBlock(stale, canonical)).toMatch(/differs/);
    const synced = syncMessagingBlock(stale, canonical);
    expect(synced).toContain('model OutboxEvent {');
    expect(synced).not.toContain('model Outbox {');
    expect(synced.startsWith(head)).toBe(true);
    expect(synced.endsWith(`${END_MARKER}\n\nmodel After {\n  id Int @id\n}\n`)).toBe(true);
    expect(checkMessagingBlock(synced, canonical)).toBeNull();
  });

  it('is idempotent', () => {
    const once = syncMessagingBlock(head, canonical);
    expect(syncMessagingBlock(once, canonical)).toBe(once);
  });

  it('reports a missing block and refuses broken markers', () => {
    expect(checkMessagingBlock(head, canonical)).toMatch(/missing/);
    const broken = `${head}\n${BEGIN_MARKER}\nmodel X {\n  id Int @id\n}\n`;
    expect(checkMessagingBlock(broken, canonical)).toMatch(/broken/);
    expect(() => syncMessagingBlock(broken, canonical)).toThrow(/markers are broken/);
  });

  it('ignores line-ending and trailing-space differences', () => {
    const synced = syncMessagingBlock(head, canonical).replace(/\n/g, '  \r\n');
    expect(checkMessagingBlock(synced, canonical)).toBeNull();
  });
});

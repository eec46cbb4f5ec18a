import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { migrationChecksum, scriptMatchesChecksum } from './checksum';

describe('migration checksums', () => {
  const script = '-- CreateTable\nCREATE TABLE "note" ("id" UUID NOT NULL);\n';

  it('is the sha256 hex of the file content, as Prisma records it', () => {
    expect(migrationChecksum(script)).toBe(createHash('sha256').update(Buffer.from(script)).digest('hex'));
    expect(migrationChecksum(script)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('still matches after a checkout rewrote the line endings', () => {
    const recorded = migrationChecksum(script);
    expect(scriptMatchesChecksum(script.replace(/\n/g, '\r\n'), recorded)).toBe(true);
    expect(scriptMatchesChecksum(script.replace(/\n/g, '\r\n'), migrationChecksum(script.replace(/\n/g, '\r\n')))).toBe(true);
  });

  it('does not match an edited script', () => {
    expect(scriptMatchesChecksum(script.replace('UUID', 'TEXT'), migrationChecksum(script))).toBe(false);
  });
});

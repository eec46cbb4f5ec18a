import { createHash } from 'node:crypto';

/**
 * The checksum Prisma records in `_prisma_migrations.checksum`: sha256 of the migration file's
 * bytes, lower-case hex. Recording exactly this keeps `prisma migrate status` in agreement with
 * our in-process migrator.
 */
export function migrationChecksum(script: string): string {
  return createHash('sha256').update(script, 'utf8').digest('hex');
}

/**
 * Whether a script still matches a recorded checksum. Like Prisma, a file whose only change is
 * its line endings (git's autocrlf on another machine) still matches.
 */
export function scriptMatchesChecksum(script: string, checksum: string): boolean {
  const lf = script.replace(/\r\n/g, '\n');
  const crlf = lf.replace(/\n/g, '\r\n');
  return [script, lf, crlf].some((variant) => migrationChecksum(variant) === checksum);
}

import { describe, expect, it } from 'vitest';
import { summarizeFailure } from './prisma-process';

describe('summarizeFailure', () => {
  it('reports a schema diagnostic with the offending line', () => {
    const stderr = [
      'Loaded Prisma config from prisma-migrate.config.ts.',
      '',
      'Error: P1012',
      '',
      'error: Type "Missing" is neither a built-in type, nor refers to another model, composite type, or enum.',
      '  -->  schema.prisma:54',
      '   | ',
      '53 |   id String @id',
      '54 |   other Missing',
      '   | ',
    ].join('\n');
    expect(summarizeFailure({ code: 1, stdout: '', stderr })).toBe(
      'Type "Missing" is neither a built-in type, nor refers to another model, composite type, or enum. (at `other Missing`)',
    );
  });

  it('skips bare error codes and falls back to the last line', () => {
    expect(summarizeFailure({ code: 1, stdout: '', stderr: 'Error: P1012\nError: could not reach the database\n' })).toBe(
      'Error: could not reach the database',
    );
    expect(summarizeFailure({ code: 3, stdout: 'something odd\n', stderr: '' })).toBe('something odd');
    expect(summarizeFailure({ code: 3, stdout: '', stderr: '' })).toBe('exited with code 3');
  });
});

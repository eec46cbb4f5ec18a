import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir, type TempDir } from '@agora/testing';
import { runNode, type ProcessResult } from '../../src/cli/prisma-process';

/** A miniature context laid out like subgraphs/<ctx>: prisma/schema.prisma + prisma/migrations. */
export const FIXTURE_DIR = fileURLToPath(new URL('../fixtures/notes', import.meta.url));
export const FIXTURE_SCHEMA = join(FIXTURE_DIR, 'prisma', 'schema.prisma');
export const FIXTURE_MIGRATIONS = join(FIXTURE_DIR, 'prisma', 'migrations');
export const CLI = fileURLToPath(new URL('../../bin/agora-prisma.mjs', import.meta.url));

/** A writable copy of the fixture's prisma/ folder (the CLI and tamper tests change files). */
export async function copyFixture(): Promise<TempDir> {
  const dir = await tempDir('agora-prisma-fixture-');
  await cp(join(FIXTURE_DIR, 'prisma'), join(dir.path, 'prisma'), { recursive: true });
  return dir;
}

export type CliRun = ProcessResult;

/**
 * Runs the real `agora-prisma` bin as a child process in `cwd`. The kill timeout is shorter
 * than the CLI tests' own, so a CLI that fails to exit fails the test instead of lingering.
 */
export function runCli(args: string[], cwd: string, env: Record<string, string> = {}): Promise<CliRun> {
  return runNode(CLI, args, { cwd, env: { ...process.env, ...env }, timeoutMs: 240_000 });
}

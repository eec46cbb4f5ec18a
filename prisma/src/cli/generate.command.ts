import { readFile, writeFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { CliError } from './cli-error';
import type { ContextPaths } from './context-paths';
import { readCanonicalModels, syncMessagingBlock } from './messaging-block';
import { syncSharedBlocks } from './shared-blocks';
import { offlinePrismaEnv, PRISMA_7_CLI, runNode, summarizeFailure } from './prisma-process';

export interface Output {
  info(line: string): void;
}

/** Rewrites the schema's messaging block and opted-in kernel blocks from their canonical files; true when the file changed. */
export async function syncSchema(paths: ContextPaths, out: Output): Promise<boolean> {
  const schema = await readFile(paths.schema, 'utf8').catch(() => {
    throw new CliError(`no Prisma schema at ${relative(process.cwd(), paths.schema) || paths.schema}`);
  });
  let synced: string;
  try {
    synced = await syncSharedBlocks(syncMessagingBlock(schema, await readCanonicalModels()));
  } catch (error) {
    throw new CliError(`${paths.name}: ${(error as Error).message}`);
  }
  if (synced === schema) return false;
  await writeFile(paths.schema, synced);
  out.info(`${paths.name}: shared models (messaging and opted-in kernels) synced into prisma/schema.prisma`);
  return true;
}

/**
 * `agora-prisma generate`: sync the messaging block, then Prisma 7's `prisma generate` (the
 * generator block in the schema decides the output folder). No prisma.config.ts is needed: the
 * schema path is passed explicitly and the client gets its adapter at runtime.
 */
export async function generate(paths: ContextPaths, out: Output): Promise<void> {
  await syncSchema(paths, out);
  const result = await runNode(PRISMA_7_CLI, ['generate', '--schema', paths.schema], { cwd: paths.dir, env: offlinePrismaEnv() });
  if (result.code !== 0)
    throw new CliError(`${paths.name}: prisma generate failed: ${summarizeFailure(result)}`, result.stderr + result.stdout);
  out.info(`${paths.name}: Prisma client generated`);
}

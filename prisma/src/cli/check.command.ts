import { readFile } from 'node:fs/promises';
import { CliError } from './cli-error';
import type { ContextPaths } from './context-paths';
import type { Output } from './generate.command';
import { checkMessagingBlock, readCanonicalModels } from './messaging-block';
import { checkSharedBlocks } from './shared-blocks';

/** `agora-prisma check`: fails when the context's messaging block drifted from the canonical models. */
export async function check(paths: ContextPaths, out: Output): Promise<void> {
  const schema = await readFile(paths.schema, 'utf8').catch(() => {
    throw new CliError(`${paths.name}: no Prisma schema at prisma/schema.prisma`);
  });
  const problem = checkMessagingBlock(schema, await readCanonicalModels()) ?? (await checkSharedBlocks(schema));
  if (problem) throw new CliError(`${paths.name}: ${problem} (run: agora-prisma generate)`);
  out.info(`${paths.name}: messaging models match prisma/models/messaging.prisma`);
}

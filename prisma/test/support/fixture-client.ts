import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FIXTURE_DIR, runCli } from './fixture';

type GeneratedModule = typeof import('../fixtures/notes/src/infrastructure/prisma/__generated__/client');
export type FixtureClient = InstanceType<GeneratedModule['PrismaClient']>;

const CLIENT = join(FIXTURE_DIR, 'src', 'infrastructure', 'prisma', '__generated__', 'client.ts');

/**
 * The fixture context's generated Prisma 7 client. `npm run db:generate -w @agora/prisma-kit`
 * (a turbo dependency of test/typecheck) normally produced it; a bare vitest run generates it.
 */
export async function loadFixtureClient(): Promise<GeneratedModule> {
  if (!existsSync(CLIENT)) {
    const run = await runCli(['generate'], FIXTURE_DIR);
    if (run.code !== 0) throw new Error(`generating the fixture client failed: ${run.stderr}`);
  }
  return (await import(pathToFileURL(CLIENT).href)) as GeneratedModule;
}

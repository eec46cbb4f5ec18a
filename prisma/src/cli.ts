/**
 * `agora-prisma` — Prisma tooling for one context, run from its package directory
 * (`npm run db:generate|db:migrate -w @agora/<ctx>`). See prisma/README.md.
 */
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { check } from './cli/check.command';
import { CliError } from './cli/cli-error';
import { contextPaths } from './cli/context-paths';
import { generate } from './cli/generate.command';
import { migrateDeploy } from './cli/migrate-deploy.command';
import { migrateNew } from './cli/migrate-new.command';

const USAGE = `usage (from a context package directory):
  agora-prisma generate                     sync the messaging models, then prisma generate
  agora-prisma migrate:new --name <name>    write the next migration from the schema change
  agora-prisma migrate:deploy [--url <postgres url>] [--data-dir <pglite dir>]
                                            apply pending migrations (<CTX>_DATABASE_URL or PGlite)
  agora-prisma check                        fail if the messaging models drifted`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      name: { type: 'string' },
      url: { type: 'string' },
      'data-dir': { type: 'string' },
      verbose: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  const out = { info: (line: string) => console.log(line) };
  const paths = contextPaths();
  try {
    switch (command) {
      case 'generate':
        await generate(paths, out);
        return 0;
      case 'migrate:new':
        await migrateNew(paths, values.name, out);
        return 0;
      case 'migrate:deploy':
        await migrateDeploy(paths, { url: values.url, dataDir: values['data-dir'] }, out);
        return 0;
      case 'check':
        await check(paths, out);
        return 0;
      default:
        console.log(USAGE);
        return command === undefined || values.help ? 0 : 64;
    }
  } catch (error) {
    if (error instanceof CliError) {
      console.error(`agora-prisma: ${error.message}`);
      if (values.verbose && error.details) console.error(error.details);
      return 1;
    }
    throw error;
  }
}

/** Runs the CLI on process.argv and sets the exit code. */
export async function run(): Promise<void> {
  try {
    process.exitCode = await main(process.argv.slice(2));
  } catch (error) {
    console.error(`agora-prisma: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
  // No process.exit(): the event loop drains (stdout included) because every command closes
  // what it opened — a hang here is a leak worth seeing.
}

// `tsx src/cli.ts …` runs it directly; bin/agora-prisma.mjs imports it and calls run().
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) await run();

import { readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where a context keeps its Prisma files, by convention (ARCHITECTURE.md §5). */
export interface ContextPaths {
  /** The context package directory (the CLI's cwd). */
  dir: string;
  /** Context name, e.g. `posts` (package name without scope). */
  name: string;
  schema: string;
  migrations: string;
}

export function contextPaths(cwd: string = process.cwd()): ContextPaths {
  const dir = resolve(cwd);
  let name = basename(dir);
  try {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string };
    if (pkg.name) name = pkg.name.replace(/^@[^/]+\//, '');
  } catch {
    // No package.json: the directory name is the context name.
  }
  return { dir, name, schema: join(dir, 'prisma', 'schema.prisma'), migrations: join(dir, 'prisma', 'migrations') };
}

/** `posts` → `POSTS_DATABASE_URL`, the variable docker-compose and the dev stack set. */
export function databaseUrlVariable(context: string): string {
  return `${context.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_DATABASE_URL`;
}

/** The prisma-kit package directory (for the canonical models and helper files). */
export const KIT_DIR = fileURLToPath(new URL('../..', import.meta.url));
export const CANONICAL_MESSAGING_MODELS = join(KIT_DIR, 'models', 'messaging.prisma');

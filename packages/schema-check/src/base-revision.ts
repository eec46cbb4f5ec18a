import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { git } from './git';
import type { BaseDescription } from './report';

/**
 * What the current schemas are compared against.
 *
 * With git history: the merge-base of HEAD and `main` (or `origin/main`), or `--base <rev>`. On
 * main itself the merge-base is HEAD, so a developer's uncommitted edits are diffed against the
 * last commit. Files are read from that commit (`git show <rev>:<path>`), so the base is what was
 * reviewed and merged, whatever the working tree's generated files say.
 *
 * Without git history (a source tarball, a Docker build context, a repository with no commits or
 * no main branch such as a shallow CI clone): the committed snapshots in `schema/` on disk.
 */
export interface SchemaBase {
  description: BaseDescription;
  /** Contents of a repository file at the base; undefined when it did not exist there. */
  read(path: string): Promise<string | undefined>;
  /** Names of the files directly inside a directory at the base. */
  list(dir: string): Promise<string[]>;
  /** True when the base is the snapshots on disk rather than a git revision. */
  fromSnapshots: boolean;
}

const MAIN_CANDIDATES = ['main', 'origin/main'];

export async function resolveBase(rootDir: string, requested?: string): Promise<SchemaBase> {
  const inRepo = await git(rootDir, ['rev-parse', '--is-inside-work-tree']);
  if (!inRepo.ok || inRepo.stdout.trim() !== 'true') {
    if (requested) throw new Error(`--base ${requested}: ${rootDir} is not inside a git repository`);
    return snapshotBase(rootDir, 'not a git repository');
  }
  const head = await git(rootDir, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
  if (!head.ok) {
    if (requested) throw new Error(`--base ${requested}: the repository has no commits yet`);
    return snapshotBase(rootDir, 'no commits yet');
  }

  if (requested) {
    const rev = await git(rootDir, ['rev-parse', '--verify', '--quiet', `${requested}^{commit}`]);
    if (!rev.ok) throw new Error(`--base ${requested}: not a commit in this repository`);
    const sha = rev.stdout.trim();
    return gitBase(rootDir, sha, `${requested} (${sha.slice(0, 7)})`);
  }

  for (const candidate of MAIN_CANDIDATES) {
    const exists = await git(rootDir, ['rev-parse', '--verify', '--quiet', `${candidate}^{commit}`]);
    if (!exists.ok) continue;
    const mergeBase = await git(rootDir, ['merge-base', 'HEAD', candidate]);
    // A shallow clone may hold both tips but not their common ancestor: fall back, don't guess.
    if (!mergeBase.ok) return snapshotBase(rootDir, `no merge-base of HEAD and ${candidate} (shallow clone?)`);
    const sha = mergeBase.stdout.trim();
    // HEAD already part of main (e.g. on main itself): uncommitted edits are what is checked.
    const label =
      sha === head.stdout.trim()
        ? `HEAD (${sha.slice(0, 7)}, already in ${candidate}: uncommitted changes are checked)`
        : `merge-base of HEAD and ${candidate} (${sha.slice(0, 7)})`;
    return gitBase(rootDir, sha, label);
  }
  return snapshotBase(rootDir, `no ${MAIN_CANDIDATES.join(' or ')} branch`);
}

function gitBase(rootDir: string, sha: string, label: string): SchemaBase {
  return {
    description: { kind: 'git', revision: sha, label },
    fromSnapshots: false,
    async read(path) {
      // `./` makes the path relative to rootDir even when rootDir is below the repository's top.
      const shown = await git(rootDir, ['show', `${sha}:./${path}`]);
      return shown.ok ? shown.stdout : undefined;
    },
    async list(dir) {
      const listed = await git(rootDir, ['ls-tree', '--name-only', `${sha}:./${dir}`]);
      if (!listed.ok) return [];
      return listed.stdout
        .split('\n')
        .filter((name) => name.length > 0)
        .sort();
    },
  };
}

function snapshotBase(rootDir: string, reason: string): SchemaBase {
  return {
    description: { kind: 'snapshot', reason },
    fromSnapshots: true,
    async read(path) {
      return readFile(join(rootDir, path), 'utf8').catch(() => undefined);
    },
    async list(dir) {
      const entries = await readdir(join(rootDir, dir), { withFileTypes: true }).catch(() => []);
      return entries
        .filter((e) => e.isFile())
        .map((e) => e.name)
        .sort();
    },
  };
}

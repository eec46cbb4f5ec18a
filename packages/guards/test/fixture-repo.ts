import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { tempDir, type TempDir } from '@agora/testing';

/**
 * Test data builder for the guards: a miniature Agora (packages/kernel, packages/testing, a
 * shared package with a `./testing` subpath export, two contexts) written to a temp dir, with
 * node_modules/@agora/* linked to the workspace folders as npm does and stand-ins for
 * @prisma/client, zod and vitest. `cleanRepository()` breaks no rule; `DIRTY_FILES` are bad
 * files that each break one, and `dirtyRepository()` is the clean one with all of them added.
 */
export type Files = Record<string, string>;

const manifest = (name: string, exports: Record<string, string> = { '.': './src/index.ts' }) =>
  `${JSON.stringify({ name, version: '0.1.0', private: true, type: 'module', exports }, null, 2)}\n`;

/** A small repository that follows every house rule. */
export function cleanRepository(): Files {
  return {
    'package.json': `${JSON.stringify({ name: 'fixture', private: true, type: 'module', workspaces: ['packages/*', 'subgraphs/*'] }, null, 2)}\n`,

    'node_modules/@prisma/client/package.json': manifest('@prisma/client', { '.': './index.js' }),
    'node_modules/@prisma/client/index.js': 'export class PrismaClient {}\n',
    'node_modules/zod/package.json': manifest('zod', { '.': './index.js' }),
    'node_modules/zod/index.js': 'export const z = {};\n',
    'node_modules/vitest/package.json': manifest('vitest', { '.': './index.js' }),
    'node_modules/vitest/index.js': 'export const it = () => {};\nexport const expect = () => {};\n',

    'packages/kernel/package.json': manifest('@agora/kernel'),
    'packages/kernel/src/index.ts': 'export class DomainError extends Error {}\n',

    'packages/testing/package.json': manifest('@agora/testing'),
    'packages/testing/src/index.ts': "import { it } from 'vitest';\n\nexport const scenario = it;\n",

    'packages/shared/package.json': manifest('@agora/shared', { '.': './src/index.ts', './testing': './src/testing/index.ts' }),
    'packages/shared/src/index.ts': "import { DomainError } from '@agora/kernel';\n\nexport class SharedError extends DomainError {}\n",
    'packages/shared/src/testing/index.ts':
      "import { SharedError } from '../index';\n\nexport const aSharedError = () => new SharedError('x');\n",

    // posts: domain → kernel, zod and itself; application → domain; infrastructure → Prisma.
    'subgraphs/posts/package.json': manifest('@agora/posts', { './schema.graphql': './src/graphql/schema.graphql' }),
    'subgraphs/posts/src/domain/post/post-body.ts': "import { z } from 'zod';\n\nexport const postBody = z;\n",
    'subgraphs/posts/src/domain/post/post.aggregate.ts':
      "import { DomainError } from '@agora/kernel';\nimport { postBody } from './post-body';\nimport { project } from './post-projection';\n\nexport class Post {\n  body = postBody;\n  error = DomainError;\n  view = project(this);\n}\n",
    // A cycle through a type-only import (erased at run time) is allowed.
    'subgraphs/posts/src/domain/post/post-projection.ts':
      "import type { Post } from './post.aggregate';\n\nexport const project = (post: Post) => ({ body: post.body });\n",
    'subgraphs/posts/src/domain/post/post.aggregate.test.ts':
      "import { it } from 'vitest';\nimport { scenario } from '@agora/testing';\nimport { Post } from './post.aggregate';\n\nit('builds', () => new Post());\nscenario('again', () => undefined);\n",
    'subgraphs/posts/src/application/ports.ts':
      "import type { Post } from '../domain/post/post.aggregate';\n\nexport interface PostRepository {\n  save(post: Post): Promise<void>;\n}\n",
    'subgraphs/posts/src/application/publish-post.handler.ts':
      "import { Post } from '../domain/post/post.aggregate';\nimport type { PostRepository } from './ports';\n\nexport const publish = (repo: PostRepository) => repo.save(new Post());\n",
    'subgraphs/posts/src/application/publish-post.handler.test.ts':
      "import { it } from 'vitest';\nimport { aSharedError } from '@agora/shared/testing';\nimport { inMemoryPosts } from './testing/in-memory-posts';\nimport { publish } from './publish-post.handler';\n\nit('publishes', () => publish(inMemoryPosts()));\naSharedError();\n",
    'subgraphs/posts/src/application/testing/in-memory-posts.ts':
      "import type { PostRepository } from '../ports';\nimport { PrismaPostRepository } from '../../infrastructure/prisma-post.repository';\n\nexport const inMemoryPosts = (): PostRepository => ({ save: async () => undefined });\nexport const real = PrismaPostRepository;\n",
    'subgraphs/posts/src/infrastructure/prisma-post.repository.ts':
      "import { PrismaClient } from '@prisma/client';\nimport type { PostRepository } from '../application/ports';\n\nexport class PrismaPostRepository implements PostRepository {\n  constructor(private readonly prisma: PrismaClient) {}\n  async save(): Promise<void> {}\n}\n",
    'subgraphs/posts/src/graphql/schema.graphql': 'type Query { posts: [String!]! }\n',
    'subgraphs/posts/src/main.ts':
      "import { PrismaClient } from '@prisma/client';\nimport { SharedError } from '@agora/shared';\nimport { PrismaPostRepository } from './infrastructure/prisma-post.repository';\n\nexport const repo = new PrismaPostRepository(new PrismaClient());\nexport const error = SharedError;\n",
    'subgraphs/posts/test/support/post.mother.ts':
      "import { Post } from '../../src/domain/post/post.aggregate';\n\nexport const aPost = () => new Post();\n",
    'subgraphs/posts/test/posts.test.ts':
      "import { it } from 'vitest';\nimport { aPost } from './support/post.mother';\n\nit('has a post', () => aPost());\n",

    // feed: its own domain and a consumer of posts' *events*, never of posts' code.
    'subgraphs/feed/package.json': manifest('@agora/feed', { './schema.graphql': './src/graphql/schema.graphql' }),
    'subgraphs/feed/src/domain/timeline.ts': 'export interface TimelineEntry {\n  postId: string;\n}\n',
    'subgraphs/feed/src/main.ts':
      "import type { TimelineEntry } from './domain/timeline';\n\nexport const entries: TimelineEntry[] = [];\n",
  };
}

/**
 * One file per house rule (and per import flavour the rule must catch), each breaking exactly
 * that rule. `violation` is what the guards must report for it.
 */
export interface DirtyFile {
  file: string;
  content: string;
  /** Files the violation needs besides `file` (which break nothing on their own). */
  also?: Files;
  violation: { rule: string; specifier: string; to: string };
}

export const DIRTY_FILES: DirtyFile[] = [
  {
    file: 'subgraphs/posts/src/domain/post/post.prisma-leak.ts',
    content: "import type { PrismaClient } from '@prisma/client';\n\nexport type Db = PrismaClient;\n",
    violation: { rule: 'domain-imports-only-domain', specifier: '@prisma/client', to: 'node_modules/@prisma/client/index.js' },
  },
  {
    file: 'subgraphs/posts/src/domain/post/post.shared-leak.ts',
    content: "import { SharedError } from '@agora/shared';\n\nexport const oops = SharedError;\n",
    violation: { rule: 'domain-imports-only-domain', specifier: '@agora/shared', to: 'packages/shared/src/index.ts' },
  },
  {
    file: 'subgraphs/posts/src/application/edit-post.handler.ts',
    content:
      "import { PrismaPostRepository } from '../infrastructure/prisma-post.repository';\n\nexport const edit = PrismaPostRepository;\n",
    violation: {
      rule: 'application-not-infrastructure',
      specifier: '../infrastructure/prisma-post.repository',
      to: 'subgraphs/posts/src/infrastructure/prisma-post.repository.ts',
    },
  },
  {
    file: 'subgraphs/feed/src/infrastructure/post-reader.ts',
    content: "import { Post } from '../../../posts/src/domain/post/post.aggregate';\n\nexport const read = () => new Post();\n",
    violation: {
      rule: 'no-cross-context',
      specifier: '../../../posts/src/domain/post/post.aggregate',
      to: 'subgraphs/posts/src/domain/post/post.aggregate.ts',
    },
  },
  {
    file: 'subgraphs/feed/src/graphql/posts-package.ts',
    content: "import * as posts from '@agora/posts';\n\nexport const x = posts;\n",
    violation: { rule: 'no-cross-context', specifier: '@agora/posts', to: '@agora/posts' },
  },
  {
    file: 'subgraphs/posts/src/infrastructure/uses-test-kit.ts',
    content: "import { inMemoryPosts } from '../application/testing/in-memory-posts';\n\nexport const posts = inMemoryPosts();\n",
    violation: {
      rule: 'test-support-not-in-production',
      specifier: '../application/testing/in-memory-posts',
      to: 'subgraphs/posts/src/application/testing/in-memory-posts.ts',
    },
  },
  {
    file: 'subgraphs/posts/src/graphql/uses-testing-package.ts',
    content: "import { scenario } from '@agora/testing';\n\nexport const s = scenario;\n",
    violation: { rule: 'test-support-not-in-production', specifier: '@agora/testing', to: 'packages/testing/src/index.ts' },
  },
  {
    file: 'subgraphs/posts/src/graphql/uses-testing-subpath.ts',
    content: "import { aSharedError } from '@agora/shared/testing';\n\nexport const e = aSharedError;\n",
    violation: { rule: 'test-support-not-in-production', specifier: '@agora/shared/testing', to: 'packages/shared/src/testing/index.ts' },
  },
  {
    file: 'subgraphs/posts/src/graphql/uses-mother.ts',
    content: "import { aPost } from '../../test/support/post.mother';\n\nexport const p = aPost;\n",
    violation: {
      rule: 'test-support-not-in-production',
      specifier: '../../test/support/post.mother',
      to: 'subgraphs/posts/test/support/post.mother.ts',
    },
  },
  {
    file: 'packages/shared/src/knows-a-context.ts',
    content: "import { Post } from '../../../subgraphs/posts/src/domain/post/post.aggregate';\n\nexport const p = Post;\n",
    violation: {
      rule: 'packages-not-subgraphs',
      specifier: '../../../subgraphs/posts/src/domain/post/post.aggregate',
      to: 'subgraphs/posts/src/domain/post/post.aggregate.ts',
    },
  },
  // A cycle is reported once, at the module dependency-cruiser meets first.
  {
    file: 'packages/shared/src/cycle-a.ts',
    content: "import { b } from './cycle-b';\n\nexport const a = () => b;\n",
    also: { 'packages/shared/src/cycle-b.ts': "import { a } from './cycle-a';\n\nexport const b = () => a;\n" },
    violation: { rule: 'no-circular', specifier: './cycle-b', to: 'packages/shared/src/cycle-b.ts' },
  },
  // kernel → shared while shared → kernel: a package cycle with no file cycle.
  {
    file: 'packages/kernel/src/knows-shared.ts',
    content: "import { SharedError } from '@agora/shared';\n\nexport const s = SharedError;\n",
    violation: { rule: 'no-workspace-cycle', specifier: '@agora/shared', to: 'packages/shared/src/index.ts' },
  },
];

/** The clean repository with every dirty file added. */
export function dirtyRepository(): Files {
  const files: Files = { ...cleanRepository() };
  for (const dirty of DIRTY_FILES) Object.assign(files, { [dirty.file]: dirty.content }, dirty.also ?? {});
  return files;
}

/** Writes `files` under a fresh temp dir and links its workspaces into node_modules/@agora. */
export async function writeRepository(files: Files): Promise<TempDir> {
  const dir = await tempDir('agora-guards-');
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir.path, path)), { recursive: true });
    await writeFile(join(dir.path, path), content);
  }
  for (const path of Object.keys(files)) {
    const match = /^((?:packages|subgraphs)\/[^/]+)\/package\.json$/.exec(path);
    if (!match) continue;
    const name = (JSON.parse(files[path]!) as { name: string }).name;
    const link = join(dir.path, 'node_modules', name);
    await mkdir(dirname(link), { recursive: true });
    await symlink(relative(dirname(link), join(dir.path, match[1]!)), link, 'dir');
  }
  return dir;
}

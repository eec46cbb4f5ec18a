import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { defineEvent, type EventContract } from '@agora/events';
import { tempDir, type TempDir } from '@agora/testing';
import { z } from 'zod';
import { runSchemaCheck, updateSchemaArtifacts, type Finding, type SchemaCheckReport } from '../src/index';

const run = promisify(execFile);

/**
 * Test data builder for the gate: a small repository (registry, two lint-clean subgraphs, a
 * client operation, an event contract) in a temp dir, optionally with git history. Tests start
 * from this known-good state, commit it as `main`, branch, break one thing and check the verdict.
 */
export const ACCOUNTS_SDL = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])

"A person on the network."
type User @key(fields: "id") {
  "Stable opaque id."
  id: ID!
  "Unique handle."
  username: String!
}

type Query {
  "The user with this username, or null."
  user(username: String!): User
}
`;

export const POSTS_SDL = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])

"A post written by a user."
type Post @key(fields: "id") {
  "Stable opaque id."
  id: ID!
  "The headline."
  title: String!
  "Who wrote it."
  author: User!
}

"A user, owned by the accounts subgraph."
type User @key(fields: "id", resolvable: false) {
  "The user's id."
  id: ID!
}

"A page of posts."
type PostConnection {
  "The posts of this page."
  edges: [PostEdge!]!
  "Where the page ends."
  pageInfo: PageInfo!
}

"One post in a page."
type PostEdge {
  "Cursor of this post."
  cursor: String!
  "The post."
  node: Post!
}

"Where a page starts and ends."
type PageInfo @shareable {
  "Whether a previous page exists."
  hasPreviousPage: Boolean!
  "Whether a next page exists."
  hasNextPage: Boolean!
  "Cursor of the first edge."
  startCursor: String
  "Cursor of the last edge."
  endCursor: String
}

type Query {
  "A post by id, or null."
  post(id: ID!): Post
  "Public posts, newest first."
  posts(first: Int, after: String): PostConnection!
}

type Mutation {
  "Publishes a post."
  createPost(input: CreatePostInput!): Post!
}

"A new post."
input CreatePostInput {
  "The headline."
  title: String!
}
`;

export const POST_PAGE_OPERATION = `query PostPage($id: ID!) {
  post(id: $id) {
    id
    title
    author {
      id
      username
    }
  }
}
`;

export const postPublishedSchema = z.object({
  postId: z.uuid(),
  title: z.string(),
  visibility: z.enum(['PUBLIC', 'FOLLOWERS']),
});

export function postPublishedContract(schema: z.ZodType = postPublishedSchema, type = 'posts.post.published.v1'): EventContract {
  return defineEvent({ type, stream: 'POSTS', description: 'A post was published.', schema });
}

export const REGISTRY = {
  subgraphs: [
    { name: 'accounts', dir: 'subgraphs/accounts', schema: 'subgraphs/accounts/src/graphql/schema.graphql', port: 4101 },
    { name: 'posts', dir: 'subgraphs/posts', schema: 'subgraphs/posts/src/graphql/schema.graphql', port: 4102 },
  ],
};

export const POSTS_PATH = 'subgraphs/posts/src/graphql/schema.graphql';
export const ACCOUNTS_PATH = 'subgraphs/accounts/src/graphql/schema.graphql';

export class FixtureRepo {
  contracts: EventContract[] = [postPublishedContract()];

  private constructor(private readonly dir: TempDir) {}

  get root(): string {
    return this.dir.path;
  }

  /** The known-good repository with its generated artifacts up to date. */
  static async create(options: { git?: boolean } = {}): Promise<FixtureRepo> {
    const repo = new FixtureRepo(await tempDir('schema-check-'));
    await repo.write('schema/subgraphs.json', `${JSON.stringify(REGISTRY, null, 2)}\n`);
    await repo.write(ACCOUNTS_PATH, ACCOUNTS_SDL);
    await repo.write(POSTS_PATH, POSTS_SDL);
    await repo.write('schema/operations/posts/post-page.graphql', POST_PAGE_OPERATION);
    await repo.update();
    if (options.git) await repo.initGit();
    return repo;
  }

  /** Commits the current state as `main` and continues on a `feature` branch. */
  async initGit(): Promise<void> {
    await this.git('init', '--quiet', '--initial-branch=main');
    await this.commit('base');
    await this.git('checkout', '--quiet', '-b', 'feature');
  }

  async write(path: string, content: string): Promise<void> {
    await mkdir(dirname(join(this.root, path)), { recursive: true });
    await writeFile(join(this.root, path), content);
  }

  read(path: string): Promise<string> {
    return readFile(join(this.root, path), 'utf8');
  }

  remove(path: string): Promise<void> {
    return rm(join(this.root, path), { force: true });
  }

  /** Rewrites a file through a function, failing loudly if the edit did not apply. */
  async edit(path: string, change: (text: string) => string): Promise<void> {
    const before = await this.read(path);
    const after = change(before);
    if (after === before) throw new Error(`fixture edit of ${path} changed nothing`);
    await this.write(path, after);
  }

  async update(): Promise<void> {
    const result = await updateSchemaArtifacts(this.root, this.contracts);
    if (result.problems.length > 0) throw new Error(result.problems.join('\n'));
  }

  async git(...args: string[]): Promise<string> {
    const { stdout } = await run(
      'git',
      ['-c', 'user.name=Fixture', '-c', 'user.email=fixture@example.test', '-c', 'commit.gpgsign=false', ...args],
      {
        cwd: this.root,
      },
    );
    return stdout;
  }

  async commit(message: string): Promise<void> {
    await this.git('add', '--all');
    await this.git('commit', '--quiet', '-m', message);
  }

  check(options: { context?: string; base?: string } = {}): Promise<SchemaCheckReport> {
    return runSchemaCheck({ rootDir: this.root, contracts: this.contracts, ...options });
  }

  async cleanup(): Promise<void> {
    await this.dir.remove();
  }
}

export function findCheck(report: SchemaCheckReport, section: string, id: string) {
  const check = report.sections.find((s) => s.name === section)?.checks.find((c) => c.id === id);
  if (!check) throw new Error(`no check ${section}/${id} in the report`);
  return check;
}

export function errors(report: SchemaCheckReport): Finding[] {
  return report.sections.flatMap((s) => s.checks.flatMap((c) => c.findings.filter((f) => f.level === 'error')));
}

/** Sections and checks that failed, as `section/check` ids: what a verdict assertion compares. */
export function failedChecks(report: SchemaCheckReport): string[] {
  return report.sections.flatMap((s) => s.checks.filter((c) => c.status === 'failed').map((c) => `${s.name}/${c.id}`));
}

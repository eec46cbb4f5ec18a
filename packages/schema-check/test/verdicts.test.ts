import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RENAME_HINT } from '../src/checks/operations.check';
import { formatText } from '../src/index';
import {
  ACCOUNTS_PATH,
  errors,
  failedChecks,
  findCheck,
  FixtureRepo,
  postPublishedContract,
  postPublishedSchema,
  POSTS_PATH,
} from './fixture-repo';

/**
 * The gate's verdicts on fixture repositories: each case starts from a known-good repository
 * committed as `main`, changes one thing on a branch, and asserts which checks fail and what the
 * findings say.
 */
let repo: FixtureRepo | undefined;
afterEach(async () => {
  await repo?.cleanup();
  repo = undefined;
});

async function gitRepo(): Promise<FixtureRepo> {
  repo = await FixtureRepo.create({ git: true });
  return repo;
}

const removeTitle = (sdl: string): string => sdl.replace('  "The headline."\n  title: String!\n  "Who wrote it."', '  "Who wrote it."');

describe('schema gate verdicts', () => {
  it('passes an unchanged, up-to-date repository and compares it with the merge-base of main', async () => {
    const fixture = await gitRepo();
    const report = await fixture.check();

    expect(failedChecks(report)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.base).toMatchObject({ kind: 'git', label: expect.stringContaining('already in main') });
    expect(report.sections.map((s) => s.name)).toEqual(['accounts', 'posts', 'supergraph', 'events', 'operations']);
    expect(findCheck(report, 'operations', 'operations').summary).toBe('1 operation(s) in 1 file(s)');
  });

  it('fails composition on conflicting field types and names the subgraphs, the field and the rule', async () => {
    const fixture = await gitRepo();
    // accounts now also declares Post.title, as an Int: the subgraphs disagree.
    await fixture.write(
      ACCOUNTS_PATH,
      `${await fixture.read(ACCOUNTS_PATH)}\n"A post, as accounts sees it."\ntype Post @key(fields: "id") {\n  "Id."\n  id: ID!\n  "Length."\n  title: Int!\n}\n`,
    );
    const report = await fixture.check();

    expect(failedChecks(report)).toContain('supergraph/composition');
    const conflict = findCheck(report, 'supergraph', 'composition').findings.find((f) => f.code === 'FIELD_TYPE_MISMATCH');
    expect(conflict).toMatchObject({ level: 'error', code: 'FIELD_TYPE_MISMATCH', coordinate: 'Post.title' });
    expect(conflict!.message).toMatch(/"Post\.title"/);
    expect(conflict!.message).toMatch(/accounts/);
    expect(conflict!.message).toMatch(/posts/);
    expect(conflict!.location?.path).toMatch(/^subgraphs\/(accounts|posts)\/src\/graphql\/schema\.graphql$/);
    // Everything that needs the composed graph is skipped rather than failing confusingly.
    expect(findCheck(report, 'operations', 'operations').status).toBe('skipped');
  });

  it('reports an SDL syntax error once per check that needs the file, and skips what cannot run', async () => {
    const fixture = await gitRepo();
    await fixture.edit(POSTS_PATH, (sdl) => sdl.replace('type Mutation {', 'type Mutation {{'));
    const report = await fixture.check();

    expect(failedChecks(report)).toEqual(['posts/lint', 'supergraph/composition']);
    expect(findCheck(report, 'posts', 'lint').findings).toEqual([
      expect.objectContaining({ code: 'parse-error', location: { path: POSTS_PATH, line: 54, column: 16 } }),
    ]);
    expect(findCheck(report, 'supergraph', 'composition').findings).toEqual([
      expect.objectContaining({ code: 'GRAPHQL_PARSE_FAILED', location: { path: POSTS_PATH, line: 54, column: 16 } }),
    ]);
    expect(findCheck(report, 'posts', 'breaking-changes').status).toBe('skipped');
    expect(findCheck(report, 'supergraph', 'supergraph-file').status).toBe('skipped');
    expect(report.ok).toBe(false);
  });

  it('fails on a removed field, in the subgraph and in the supergraph, and explains how to deprecate', async () => {
    const fixture = await gitRepo();
    await fixture.write('schema/operations/posts/post-page.graphql', 'query PostPage($id: ID!) { post(id: $id) { id } }\n');
    await fixture.edit(POSTS_PATH, removeTitle);
    await fixture.update();
    const report = await fixture.check();

    expect(failedChecks(report)).toEqual(['posts/breaking-changes', 'supergraph/breaking-changes']);
    const [removed] = findCheck(report, 'posts', 'breaking-changes').findings.filter((f) => f.level === 'error');
    expect(removed).toMatchObject({
      code: 'FIELD_REMOVED',
      coordinate: 'Post.title',
      message: "Field 'title' was removed from object type 'Post'",
      location: { path: POSTS_PATH, line: 4, column: 6 },
    });
    expect(removed!.hint).toContain('@deprecated');
    expect(removed!.hint).toContain('"target":"posts","coordinate":"Post.title","change":"FIELD_REMOVED"');
    expect(findCheck(report, 'supergraph', 'breaking-changes').findings).toContainEqual(
      expect.objectContaining({
        level: 'error',
        code: 'FIELD_REMOVED',
        coordinate: 'Post.title',
        location: expect.objectContaining({ path: 'schema/supergraph.graphql' }),
      }),
    );
  });

  it('fails on a field type change', async () => {
    const fixture = await gitRepo();
    await fixture.write('schema/operations/posts/post-page.graphql', 'query PostPage($id: ID!) { post(id: $id) { id } }\n');
    await fixture.edit(POSTS_PATH, (sdl) => sdl.replace('  title: String!\n  "Who wrote it."', '  title: Int!\n  "Who wrote it."'));
    await fixture.update();
    const report = await fixture.check();

    expect(failedChecks(report)).toEqual(['posts/breaking-changes', 'supergraph/breaking-changes']);
    const [changed] = errors(report);
    expect(changed).toMatchObject({
      code: 'FIELD_TYPE_CHANGED',
      coordinate: 'Post.title',
      location: { path: POSTS_PATH, line: 8, column: 3 },
    });
    expect(changed!.message).toBe("Field 'Post.title' changed type from 'String!' to 'Int!'");
    expect(changed!.hint).toContain('add a new field');
  });

  it('allows removing a field that was deprecated in the base, and says so', async () => {
    const fixture = await gitRepo();
    // Step 1 (merged to main): deprecate. Step 2 (this branch): remove.
    await fixture.git('checkout', '--quiet', 'main');
    await fixture.write('schema/operations/posts/post-page.graphql', 'query PostPage($id: ID!) { post(id: $id) { id } }\n');
    await fixture.edit(POSTS_PATH, (sdl) =>
      sdl.replace(
        '  title: String!\n',
        '  title: String! @deprecated(reason: "Use headline.")\n  "The headline, replacing title."\n  headline: String!\n',
      ),
    );
    await fixture.update();
    await fixture.commit('deprecate Post.title');
    await fixture.git('checkout', '--quiet', '-B', 'feature');
    await fixture.edit(POSTS_PATH, (sdl) => sdl.replace('  "The headline."\n  title: String! @deprecated(reason: "Use headline.")\n', ''));
    await fixture.update();
    const report = await fixture.check();

    expect(failedChecks(report)).toEqual([]);
    const notice = findCheck(report, 'posts', 'breaking-changes').findings.find((f) => f.code === 'FIELD_REMOVED');
    expect(notice).toMatchObject({ level: 'notice', coordinate: 'Post.title' });
    expect(notice!.message).toContain('removed after deprecation');
    expect(findCheck(report, 'posts', 'breaking-changes').summary).toBe('1 removed after deprecation');
    expect(formatText(report)).toContain(
      "allowed FIELD_REMOVED  Field 'title' (deprecated) was removed from object type 'Post' — removed after deprecation",
    );
  });

  it('allows a breaking change listed in schema/approvals.json, with its reason', async () => {
    const fixture = await gitRepo();
    await fixture.write('schema/operations/posts/post-page.graphql', 'query PostPage($id: ID!) { post(id: $id) { id } }\n');
    await fixture.edit(POSTS_PATH, removeTitle);
    await fixture.update();
    await fixture.write(
      'schema/approvals.json',
      JSON.stringify({
        approvals: [
          {
            target: 'posts',
            coordinate: 'Post.title',
            change: 'FIELD_REMOVED',
            reason: 'No client ever shipped with title.',
            approvedBy: 'api-review',
          },
        ],
      }),
    );
    const report = await fixture.check();

    expect(failedChecks(report)).toEqual([]);
    for (const section of ['posts', 'supergraph']) {
      expect(findCheck(report, section, 'breaking-changes').findings).toContainEqual(
        expect.objectContaining({
          level: 'notice',
          code: 'FIELD_REMOVED',
          message: expect.stringContaining('approved by api-review: No client ever shipped with title.'),
        }),
      );
    }
  });

  it('warns about an approval that matches no change', async () => {
    const fixture = await gitRepo();
    await fixture.write(
      'schema/approvals.json',
      JSON.stringify(
        {
          approvals: [
            {
              target: 'posts',
              coordinate: 'Post.gone',
              change: 'FIELD_REMOVED',
              reason: 'Removed long ago, in review.',
              approvedBy: 'api-review',
            },
          ],
        },
        null,
        2,
      ),
    );
    const report = await fixture.check();

    expect(report.ok).toBe(true);
    expect(findCheck(report, 'posts', 'breaking-changes').findings).toEqual([
      expect.objectContaining({
        level: 'warning',
        code: 'APPROVAL_OBSOLETE',
        location: { path: 'schema/approvals.json', line: 3, column: 1 },
      }),
    ]);
    expect(report.summary.warnings).toBe(1);
  });

  it('fails on an invalid approvals file', async () => {
    const fixture = await gitRepo();
    await fixture.write(
      'schema/approvals.json',
      JSON.stringify({
        approvals: [{ target: 'posts', coordinate: 'Post.title', change: 'FIELD_REMOVED', reason: 'ok', approvedBy: 'me' }],
      }),
    );
    const report = await fixture.check();

    expect(errors(report)).toEqual([
      expect.objectContaining({ code: 'APPROVALS_INVALID', message: expect.stringContaining('approvals.0.reason') }),
    ]);
  });

  it('fails lint on a missing description and a badly named input, pointing at the line', async () => {
    const fixture = await gitRepo();
    await fixture.edit(POSTS_PATH, (sdl) =>
      sdl
        .replace('  "The headline."\n  title: String!\n  "Who wrote it."', '  title: String!\n  "Who wrote it."')
        .replace('"A new post."\ninput CreatePostInput {', '"A new post."\ninput NewPost {')
        .replace('createPost(input: CreatePostInput!)', 'createPost(input: NewPost!)'),
    );
    await fixture.update();
    const report = await fixture.check();

    expect(failedChecks(report)).toContain('posts/lint');
    const lint = findCheck(report, 'posts', 'lint').findings;
    expect(lint).toContainEqual(
      expect.objectContaining({
        level: 'error',
        code: 'require-description',
        message: 'Description is required for field "title" in type "Post"',
        location: { path: POSTS_PATH, line: 7, column: 3 },
      }),
    );
    expect(lint).toContainEqual(
      expect.objectContaining({ level: 'error', code: 'naming-convention', message: expect.stringContaining('NewPost') }),
    );
    expect(findCheck(report, 'accounts', 'lint').status).toBe('passed');
  });

  it('fails a client operation that selects a renamed field, naming the file, line and operation', async () => {
    const fixture = await gitRepo();
    await fixture.edit(POSTS_PATH, (sdl) => sdl.replace('  title: String!\n  "Who wrote it."', '  headline: String!\n  "Who wrote it."'));
    await fixture.update();
    const report = await fixture.check();

    expect(failedChecks(report)).toEqual(['posts/breaking-changes', 'supergraph/breaking-changes', 'operations/operations']);
    const [broken] = findCheck(report, 'operations', 'operations').findings;
    expect(broken).toMatchObject({
      level: 'error',
      code: 'OPERATION_INVALID',
      coordinate: 'PostPage',
      message: 'PostPage: Cannot query field "title" on type "Post".',
      location: { path: 'schema/operations/posts/post-page.graphql', line: 4, column: 5 },
    });
    expect(broken!.hint).toBe(`this operation worked against the base schema; ${RENAME_HINT}`);
    expect(findCheck(report, 'operations', 'operations').summary).toBe('1 of 1 operation(s) broken');
  });

  it('validates operations with fragments from other files and reports unnamed operations', async () => {
    const fixture = await gitRepo();
    await fixture.write(
      'schema/operations/fragments/post-fields.graphql',
      'fragment PostFields on Post { id title author { ...UserFields } }\n',
    );
    await fixture.write('schema/operations/fragments/user-fields.graphql', 'fragment UserFields on User { id username }\n');
    await fixture.write('schema/operations/posts/post-page.graphql', 'query PostPage($id: ID!) { post(id: $id) { ...PostFields } }\n');
    await fixture.write('schema/operations/posts/anonymous.graphql', '{ post(id: "1") { id } }\n');
    const report = await fixture.check();

    expect(findCheck(report, 'operations', 'operations').findings).toEqual([
      expect.objectContaining({
        code: 'OPERATION_UNNAMED',
        location: { path: 'schema/operations/posts/anonymous.graphql', line: 1, column: 1 },
      }),
    ]);

    await fixture.edit(ACCOUNTS_PATH, (sdl) => sdl.replace('  username: String!', '  handle: String!'));
    await fixture.remove('schema/operations/posts/anonymous.graphql');
    await fixture.update();
    const renamed = await fixture.check();
    // The error sits in the fragment's file, attributed to the operation that uses it.
    expect(findCheck(renamed, 'operations', 'operations').findings).toEqual([
      expect.objectContaining({
        coordinate: 'PostPage',
        message: expect.stringContaining('PostPage: Cannot query field "username" on type "User"'),
        location: { path: 'schema/operations/fragments/user-fields.graphql', line: 1, column: 34 },
      }),
    ]);
  });

  it('fails a breaking event-contract change and asks for a new version', async () => {
    const fixture = await gitRepo();
    fixture.contracts = [postPublishedContract(postPublishedSchema.extend({ authorId: z.uuid() }).omit({ title: true }))];
    await fixture.update();
    const report = await fixture.check();

    expect(failedChecks(report)).toEqual(['events/event-contracts']);
    const findings = findCheck(report, 'events', 'event-contracts').findings;
    expect(findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          level: 'error',
          code: 'FIELD_REMOVED',
          coordinate: 'title',
          message: "posts.post.published.v1: field 'title' was removed",
        }),
        expect.objectContaining({
          level: 'error',
          code: 'REQUIRED_FIELD_ADDED',
          coordinate: 'authorId',
          message: "posts.post.published.v1: required field 'authorId' was added (stored events lack it)",
          location: { path: 'schema/events/posts.post.published.v1.json' },
        }),
      ]),
    );
    expect(findings.find((f) => f.code === 'REQUIRED_FIELD_ADDED')!.hint).toContain('publish posts.post.published.v2');
  });

  it('accepts a new event version and safe additions to an existing one', async () => {
    const fixture = await gitRepo();
    fixture.contracts = [
      postPublishedContract(postPublishedSchema.extend({ summary: z.string().optional() })),
      postPublishedContract(postPublishedSchema.extend({ authorId: z.uuid() }), 'posts.post.published.v2'),
    ];
    await fixture.update();
    const report = await fixture.check();

    expect(failedChecks(report)).toEqual([]);
    expect(findCheck(report, 'events', 'event-contracts').summary).toBe('1 safe, 1 new type(s)');
  });

  it('fails on a type change of an event field and on a removed event type', async () => {
    const fixture = await gitRepo();
    fixture.contracts = [postPublishedContract(postPublishedSchema.extend({ title: z.string().nullable() }), 'posts.post.published.v1')];
    await fixture.update();
    let report = await fixture.check();
    expect(errors(report)).toEqual([
      expect.objectContaining({
        code: 'FIELD_TYPE_CHANGED',
        message: "posts.post.published.v1: 'title' changed type from string to null | string",
      }),
    ]);

    fixture.contracts = [];
    await fixture.update();
    report = await fixture.check();
    expect(errors(report)).toEqual([expect.objectContaining({ code: 'EVENT_TYPE_REMOVED', coordinate: 'posts.post.published.v1' })]);
  });

  it('fails on a stale supergraph and names the command that regenerates it', async () => {
    const fixture = await gitRepo();
    // A new field, but schema:update was not run: the committed supergraph lags behind.
    await fixture.edit(POSTS_PATH, (sdl) => sdl.replace('  "Who wrote it."', '  "A short summary."\n  summary: String\n  "Who wrote it."'));
    const report = await fixture.check();

    expect(failedChecks(report)).toEqual(['posts/snapshot', 'supergraph/supergraph-file']);
    const [stale] = findCheck(report, 'supergraph', 'supergraph-file').findings;
    expect(stale).toMatchObject({ code: 'STALE_ARTIFACT', location: { path: 'schema/supergraph.graphql', column: 1 } });
    expect(stale!.message).toContain('schema/supergraph.graphql is stale: does not match what the subgraphs compose to');
    expect(stale!.hint).toBe('run `npm run schema:update` and commit the result');

    await fixture.update();
    expect((await fixture.check()).ok).toBe(true);
  });

  it('fails on a stale event snapshot', async () => {
    const fixture = await gitRepo();
    await fixture.edit('schema/events/posts.post.published.v1.json', (text) => text.replace('A post was published.', 'Edited by hand.'));
    const report = await fixture.check();

    expect(failedChecks(report)).toEqual(['events/event-snapshots']);
    expect(errors(report)[0]).toMatchObject({
      code: 'STALE_ARTIFACT',
      location: { path: 'schema/events/posts.post.published.v1.json', line: 5 },
    });
  });

  it('without git history, compares with the committed snapshots', async () => {
    repo = await FixtureRepo.create({ git: false });
    await repo.write('schema/operations/posts/post-page.graphql', 'query PostPage($id: ID!) { post(id: $id) { id } }\n');
    await repo.edit(POSTS_PATH, removeTitle);
    const report = await repo.check();

    expect(report.base).toEqual({ kind: 'snapshot', reason: 'not a git repository' });
    expect(failedChecks(report)).toEqual([
      'posts/breaking-changes',
      'posts/snapshot',
      'supergraph/breaking-changes',
      'supergraph/supergraph-file',
    ]);
    expect(errors(report)).toContainEqual(
      expect.objectContaining({ code: 'FIELD_REMOVED', coordinate: 'Post.title', location: expect.objectContaining({ path: POSTS_PATH }) }),
    );
  });

  it('does not fail a subgraph for a removal the supergraph does not see (field served elsewhere)', async () => {
    const fixture = await gitRepo();
    // Both subgraphs serve the shareable User.username; posts stops serving it, accounts still does.
    await fixture.edit(POSTS_PATH, (sdl) =>
      sdl.replace('  "The user\'s id."\n  id: ID!\n', '  "The user\'s id."\n  id: ID!\n  "Handle."\n  username: String! @shareable\n'),
    );
    await fixture.edit(ACCOUNTS_PATH, (sdl) =>
      sdl.replace('import: ["@key"]', 'import: ["@key", "@shareable"]').replace('  username: String!', '  username: String! @shareable'),
    );
    await fixture.update();
    await fixture.commit('posts also serves User.username');
    await fixture.git('branch', '--quiet', '-f', 'main');
    await fixture.edit(POSTS_PATH, (sdl) => sdl.replace('  "Handle."\n  username: String! @shareable\n', ''));
    await fixture.update();
    const report = await fixture.check();

    expect(failedChecks(report)).toEqual([]);
    expect(findCheck(report, 'posts', 'breaking-changes').findings).toEqual([
      expect.objectContaining({ level: 'warning', code: 'FIELD_REMOVED', message: expect.stringContaining('not visible to clients') }),
    ]);
  });

  it('with --context, runs only that context and its events, plus the shared checks', async () => {
    const fixture = await gitRepo();
    await fixture.edit(ACCOUNTS_PATH, (sdl) => sdl.replace('"Unique handle."\n', ''));
    await fixture.update();

    const posts = await fixture.check({ context: 'posts' });
    expect(posts.sections.map((s) => s.name)).toEqual(['posts', 'supergraph', 'events', 'operations']);
    expect(posts.ok).toBe(true);

    const accounts = await fixture.check({ context: 'accounts' });
    expect(failedChecks(accounts)).toEqual(['accounts/lint']);
    expect(findCheck(accounts, 'events', 'event-contracts').summary).toBe('0 type(s), no changes');

    await expect(fixture.check({ context: 'nope' })).rejects.toThrow('unknown context "nope"; the registry lists: accounts, posts');
  });

  it('compares with an explicit --base revision', async () => {
    const fixture = await gitRepo();
    await fixture.write('schema/operations/posts/post-page.graphql', 'query PostPage($id: ID!) { post(id: $id) { id } }\n');
    await fixture.edit(POSTS_PATH, removeTitle);
    await fixture.update();
    await fixture.commit('remove title');
    // Against HEAD itself nothing changed; against main the removal shows.
    expect((await fixture.check({ base: 'HEAD' })).ok).toBe(true);
    expect((await fixture.check({ base: 'main' })).ok).toBe(false);
    await expect(fixture.check({ base: 'no-such-rev' })).rejects.toThrow('--base no-such-rev: not a commit in this repository');
  });
});

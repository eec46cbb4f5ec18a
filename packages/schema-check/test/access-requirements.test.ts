import { composeSupergraph } from '@agora/gateway/supergraph';
import { parse } from 'graphql';
import { afterEach, describe, expect, it } from 'vitest';
import { accessChanges, requiresRoleFindings } from '../src/security-diff';
import { failedChecks, findCheck, FixtureRepo, POSTS_PATH } from './fixture-repo';

/** ADR 14: the schema gate covers `@auth` and `@requiresRole`. */
const sdl = (title: string) => parse(`type Query { post: Post }\n type Post { id: ID!\n title: String! ${title} }`);

describe('access requirement changes', () => {
  it('reports removing, lowering and adding a requirement, and nothing when it stays', () => {
    const change = (from: string, to: string) => accessChanges(sdl(from), sdl(to)).map((c) => [c.type, c.path]);
    expect(change('@requiresRole(role: ADMIN)', '')).toEqual([['ACCESS_REQUIREMENT_REMOVED', 'Post.title']]);
    expect(change('@auth', '')).toEqual([['ACCESS_REQUIREMENT_REMOVED', 'Post.title']]);
    expect(change('@requiresRole(role: ADMIN)', '@requiresRole(role: MODERATOR)')).toEqual([['ACCESS_REQUIREMENT_LOWERED', 'Post.title']]);
    expect(change('@requiresRole(role: MODERATOR)', '@auth')).toEqual([['ACCESS_REQUIREMENT_LOWERED', 'Post.title']]);
    expect(change('', '@auth')).toEqual([['ACCESS_REQUIREMENT_ADDED', 'Post.title']]);
    expect(change('@auth', '@requiresRole(role: MODERATOR)')).toEqual([['ACCESS_REQUIREMENT_ADDED', 'Post.title']]);
    expect(change('@requiresRole(role: MODERATOR)', '@requiresRole(role: MODERATOR)')).toEqual([]);
  });

  it('counts a type-level requirement for every field of the type', () => {
    const base = parse('type Post @requiresRole(role: MODERATOR) { id: ID! title: String! }');
    const current = parse('type Post { id: ID! title: String! }');
    expect(accessChanges(base, current).map((c) => c.path)).toEqual(['Post.id', 'Post.title']);
  });
});

describe('@requiresRole lint', () => {
  const codes = (text: string) => requiresRoleFindings(parse(text), 'schema.graphql').map((f) => f.code);
  it('accepts a declared role on a field or a type', () => {
    expect(codes('type Post @requiresRole(role: ADMIN) { id: ID! } type Query { q: Int @requiresRole(role: MODERATOR) }')).toEqual([]);
  });
  it('refuses an undeclared role, MEMBER, a redundant @auth, a field weaker than its type, a repeat, and a different enum Role', () => {
    expect(codes('type Query { q: Int @requiresRole(role: OWNER) }')).toEqual(['requires-role-unknown']);
    expect(codes('type Query { q: Int @requiresRole(role: MEMBER) }')).toEqual(['requires-role-member']);
    expect(codes('type Query { q: Int @auth @requiresRole(role: ADMIN) }')).toEqual(['requires-role-with-auth']);
    expect(codes('type Post @requiresRole(role: ADMIN) { q: Int @requiresRole(role: MODERATOR) }')).toEqual(['requires-role-ineffective']);
    expect(codes('type Query { q: Int @requiresRole(role: ADMIN) @requiresRole(role: MODERATOR) }')).toEqual(['requires-role-repeated']);
    expect(codes('enum Role { MEMBER ADMIN }')).toEqual(['role-enum-differs']);
  });
});

describe('composition with enum Role', () => {
  const header = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])\n';
  const role = '"A role."\nenum Role {\n  MEMBER\n  MODERATOR\n  ADMIN\n}\n';
  it('composes two subgraphs declaring the identical enum Role, and one using @requiresRole without declaring it', () => {
    const result = composeSupergraph([
      {
        name: 'identity',
        url: 'http://localhost:1/graphql',
        sdl: `${header}${role}type User @key(fields: "id") { id: ID! role: Role }\ntype Query { me: User }`,
      },
      {
        name: 'moderation',
        url: 'http://localhost:2/graphql',
        sdl: `${header}${role}type User @key(fields: "id") { id: ID! reports: Int @requiresRole(role: MODERATOR) }\ntype Query { roles: [Role!]! }`,
      },
      { name: 'other', url: 'http://localhost:3/graphql', sdl: `${header}type Query { queue: [String!]! @requiresRole(role: ADMIN) }` },
    ]);
    expect(result.ok ? [] : result.errors.map((e) => e.message)).toEqual([]);
  });
});

describe('the gate on access requirement changes (fixture repository)', () => {
  let repo: FixtureRepo | undefined;
  afterEach(async () => {
    await repo?.cleanup();
    repo = undefined;
  });

  it('fails on lowering a role until approved, and on adding a requirement to an existing field', async () => {
    const fixture = (repo = await FixtureRepo.create({ git: true }));
    await fixture.git('checkout', '--quiet', 'main');
    await fixture.edit(POSTS_PATH, (s) => s.replace('  title: String!\n', '  title: String! @requiresRole(role: ADMIN)\n'));
    await fixture.update();
    await fixture.commit('Post.title for admins');
    await fixture.git('checkout', '--quiet', '-B', 'feature');
    await fixture.edit(POSTS_PATH, (s) =>
      s
        .replace('@requiresRole(role: ADMIN)', '@requiresRole(role: MODERATOR)')
        .replace('  author: User!\n', '  author: User! @requiresRole(role: MODERATOR)\n'),
    );
    await fixture.update();

    let report = await fixture.check();
    expect(failedChecks(report)).toContainEqual(expect.stringContaining('breaking-changes'));
    const findings = findCheck(report, 'posts', 'breaking-changes').findings;
    expect(findings).toContainEqual(
      expect.objectContaining({ level: 'error', code: 'ACCESS_REQUIREMENT_LOWERED', coordinate: 'Post.title' }),
    );
    expect(findings).toContainEqual(
      expect.objectContaining({ level: 'error', code: 'ACCESS_REQUIREMENT_ADDED', coordinate: 'Post.author' }),
    );

    await fixture.write(
      'schema/approvals.json',
      JSON.stringify({
        approvals: [
          {
            target: 'posts',
            coordinate: 'Post.title',
            change: 'ACCESS_REQUIREMENT_LOWERED',
            reason: 'Moderators review titles now.',
            approvedBy: 'security-review',
          },
          {
            target: 'posts',
            coordinate: 'Post.author',
            change: 'ACCESS_REQUIREMENT_ADDED',
            reason: 'No anonymous client reads authors.',
            approvedBy: 'api-review',
          },
        ],
      }),
    );
    report = await fixture.check();
    expect(findCheck(report, 'posts', 'breaking-changes').findings.filter((f) => f.level === 'error')).toEqual([]);
    expect(findCheck(report, 'posts', 'breaking-changes').findings).toContainEqual(
      expect.objectContaining({
        level: 'notice',
        code: 'ACCESS_REQUIREMENT_LOWERED',
        message: expect.stringContaining('approved by security-review'),
      }),
    );
  });
});

import { Writable } from 'node:stream';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse, print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  IDENTITY_HEADER,
  createLogger,
  signIdentityHeader,
  startSubgraphServer,
  withRequiresRoleDirective,
  type BaseContext,
  type RunningServer,
  type Viewer,
} from '../src/index';
import { postGraphQL } from './support/graphql-client';

const SECRET = 'test-internal-secret-that-is-long-enough-0123456789';

/** Uses `@requiresRole` without declaring it or `Role`: the shared server adds both. */
const typeDefs = parse(/* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])

  type Query {
    open: String!
    queue: [String!]! @requiresRole(role: MODERATOR)
    settings: Settings
    user(id: ID!): User
  }
  "Every field needs an admin."
  type Settings @requiresRole(role: ADMIN) {
    flag: Boolean!
  }
  type User @key(fields: "id") {
    id: ID!
    name: String!
    reports: Int! @requiresRole(role: MODERATOR)
    "Admins only."
    audit: String @requiresRole(role: ADMIN)
  }
`);

const resolvers = {
  Query: {
    open: () => 'yes',
    queue: () => ['r1'],
    settings: () => ({ flag: true }),
    user: (_: unknown, { id }: { id: string }) => ({ id }),
  },
  User: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    name: (user: { id: string }) => `user ${user.id}`,
    reports: () => 3,
    audit: () => 'audited',
  },
};

const member: Viewer = { userId: 'u_member', username: 'mia' };
const moderator: Viewer = { userId: 'u_mod', username: 'mo', role: 'MODERATOR' };
const admin: Viewer = { userId: 'u_admin', username: 'ada', role: 'ADMIN' };
const as = async (viewer: Viewer) => ({ [IDENTITY_HEADER]: await signIdentityHeader(viewer, SECRET) });
const ENTITIES = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id name reports } } }';

describe('@requiresRole', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startSubgraphServer<BaseContext>({
      name: 'roles',
      host: '127.0.0.1',
      port: 0,
      typeDefs,
      resolvers,
      createContext: (base) => base,
      readiness: async () => ({ ready: true, checks: {} }),
      internalSecret: SECRET,
      logger: createLogger('roles', 'silent', new Writable({ write: (_c, _e, done) => done() })),
    });
  });
  afterAll(() => server.close());

  it('answers UNAUTHENTICATED without a viewer, and serves the unmarked fields', async () => {
    const { body } = await postGraphQL(server.url, '{ open queue }');
    expect(body.data).toBeNull();
    expect(body.errors![0]).toMatchObject({ path: ['queue'], extensions: { code: 'UNAUTHENTICATED' } });
    expect((await postGraphQL(server.url, '{ open }')).body.data).toEqual({ open: 'yes' });
  });

  it('answers FORBIDDEN with AUTH.ROLE_REQUIRED to a member', async () => {
    const { body } = await postGraphQL(server.url, '{ queue }', undefined, await as(member));
    expect(body.errors![0]).toMatchObject({ path: ['queue'], extensions: { code: 'FORBIDDEN', reason: 'AUTH.ROLE_REQUIRED' } });
  });

  it('serves a MODERATOR field to moderators and to admins (ADMIN ⊇ MODERATOR)', async () => {
    for (const viewer of [moderator, admin]) {
      const { body } = await postGraphQL(server.url, '{ queue }', undefined, await as(viewer));
      expect(body.errors).toBeUndefined();
      expect(body.data).toEqual({ queue: ['r1'] });
    }
  });

  it('guards every field of a marked object type', async () => {
    const refused = await postGraphQL(server.url, '{ settings { flag } }', undefined, await as(moderator));
    expect(refused.body.data).toEqual({ settings: null });
    expect(refused.body.errors![0]).toMatchObject({ path: ['settings', 'flag'], extensions: { reason: 'AUTH.ROLE_REQUIRED' } });
    const served = await postGraphQL(server.url, '{ settings { flag } }', undefined, await as(admin));
    expect(served.body.data).toEqual({ settings: { flag: true } });
  });

  it('guards entity fields resolved through _entities', async () => {
    const representations = { r: [{ __typename: 'User', id: 'u1' }] };
    const anonymous = await postGraphQL(server.url, ENTITIES, representations);
    expect(anonymous.body.errors![0]).toMatchObject({ path: ['_entities', 0, 'reports'], extensions: { code: 'UNAUTHENTICATED' } });
    const asMember = await postGraphQL(server.url, ENTITIES, representations, await as(member));
    expect(asMember.body.errors![0]).toMatchObject({
      path: ['_entities', 0, 'reports'],
      extensions: { code: 'FORBIDDEN', reason: 'AUTH.ROLE_REQUIRED' },
    });
    const asModerator = await postGraphQL(server.url, ENTITIES, representations, await as(moderator));
    expect(asModerator.body.errors).toBeUndefined();
    expect(asModerator.body.data).toEqual({ _entities: [{ id: 'u1', name: 'user u1', reports: 3 }] });
  });

  it('applies the field role per field: a moderator gets reports but not the ADMIN field', async () => {
    const { body } = await postGraphQL(server.url, '{ user(id: "u1") { name reports audit } }', undefined, await as(moderator));
    expect(body.data).toEqual({ user: { name: 'user u1', reports: 3, audit: null } });
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]).toMatchObject({ path: ['user', 'audit'], extensions: { reason: 'AUTH.ROLE_REQUIRED' } });
  });
});

describe('withRequiresRoleDirective', () => {
  it('adds nothing to a schema that does not use the directive', () => {
    const plain = parse('type Query { a: String }');
    expect(withRequiresRoleDirective(plain)).toBe(plain);
  });

  it('keeps a subgraph’s own enum Role and adds only the directive', () => {
    const own = parse(`
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
      "The account's role." enum Role { MEMBER MODERATOR ADMIN }
      type Query { me: Role @requiresRole(role: ADMIN) }
    `);
    const out = withRequiresRoleDirective(own);
    const roles = out.definitions.filter((d) => d.kind === 'EnumTypeDefinition' && d.name.value === 'Role');
    expect(roles).toHaveLength(1);
    expect(print(out)).toContain('"The account\'s role."');
    expect(print(out)).toContain('directive @requiresRole(role: Role!) on FIELD_DEFINITION | OBJECT');
    expect(() => buildSubgraphSchema({ typeDefs: out })).not.toThrow();
  });

  it('keeps a subgraph’s own declaration of both', () => {
    const own = parse(`
      enum Role { MEMBER MODERATOR ADMIN }
      directive @requiresRole(role: Role!) on FIELD_DEFINITION | OBJECT
      type Query { a: String @requiresRole(role: MODERATOR) }
    `);
    expect(withRequiresRoleDirective(own)).toBe(own);
  });
});

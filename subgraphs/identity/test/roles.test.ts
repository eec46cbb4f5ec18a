import { startNats, type NatsServer } from '@agora/testing';
import type { Viewer } from '@agora/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onlyError, startIdentityHarness, type IdentityHarness } from './support/identity-harness';
import { aRegistration } from './support/operations';

/** setRole and User.role over HTTP (PGlite), with the viewer's role in the gateway's identity header. */
let nats: NatsServer;
let identity: IdentityHarness;
const boss = aRegistration();
let admin: Viewer;
let ana: Viewer;
let bob: Viewer;

const SET_ROLE = `mutation SetRole($input: SetRoleInput!) { setRole(input: $input) { id username role } }`;
const USER_ROLE = `query U($username: String!) { user(username: $username) { id role } }`;

beforeAll(async () => {
  nats = await startNats();
  identity = await startIdentityHarness({ natsUrl: nats.url, env: { AGORA_BOOTSTRAP_ADMIN_EMAIL: boss.email } });
  const viewer = async (input: ReturnType<typeof aRegistration>, role?: Viewer['role']): Promise<Viewer> => {
    const user = (await identity.register(input)).data.register.user;
    return { userId: user.id, username: user.username, emailVerified: false, ...(role && { role }) };
  };
  admin = await viewer(boss, 'ADMIN');
  ana = await viewer(aRegistration());
  bob = await viewer(aRegistration());
});
afterAll(async () => {
  await identity?.stop();
  await nats?.stop();
});

describe('roles over HTTP', () => {
  it('an admin sets a role: the answer shows it, the outbox has the event, the next token carries it', async () => {
    const response = await identity.request(SET_ROLE, { input: { userId: ana.userId, role: 'MODERATOR' } }, admin);
    expect(response.errors).toBeUndefined();
    expect(response.data.setRole).toEqual({ id: ana.userId, username: ana.username, role: 'MODERATOR' });
    const [event] = await identity.app.prisma.outboxEvent.findMany({
      where: { type: 'identity.account.role-changed.v1', aggregateId: ana.userId },
    });
    expect(event!.envelope).toMatchObject({
      actorId: admin.userId,
      payload: { accountId: ana.userId, role: 'MODERATOR', previousRole: 'MEMBER', changedBy: admin.userId },
    });
    ana = { ...ana, role: 'MODERATOR' };
  });

  it('refuses a member (FORBIDDEN), and a member whose header claims ADMIN (the stored role decides)', async () => {
    const asMember = onlyError(await identity.request(SET_ROLE, { input: { userId: ana.userId, role: 'MEMBER' } }, bob));
    expect(asMember.code).toBe('FORBIDDEN');
    expect(asMember.reason).toMatch(/^(AUTH\.ROLE_REQUIRED|IDENTITY\.ADMIN_REQUIRED)$/);
    const forged = onlyError(
      await identity.request(SET_ROLE, { input: { userId: ana.userId, role: 'MEMBER' } }, { ...bob, role: 'ADMIN' }),
    );
    expect(forged).toMatchObject({ code: 'FORBIDDEN', reason: 'IDENTITY.ADMIN_REQUIRED' });
    expect(onlyError(await identity.request(SET_ROLE, { input: { userId: ana.userId, role: 'MEMBER' } }))).toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    expect((await identity.app.prisma.account.findUniqueOrThrow({ where: { id: ana.userId } })).role).toBe('MODERATOR');
  });

  it('refuses an admin changing their own role (so the last admin can never demote themself)', async () => {
    expect(onlyError(await identity.request(SET_ROLE, { input: { userId: admin.userId, role: 'MEMBER' } }, admin))).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'IDENTITY.OWN_ROLE',
    });
  });

  it('User.role: visible to the user, to moderators and admins; null for other members and anonymous callers', async () => {
    const roleOf = async (username: string, as?: Viewer) => (await identity.request(USER_ROLE, { username }, as)).data.user.role;
    expect(await roleOf(ana.username, ana)).toBe('MODERATOR');
    expect(await roleOf(bob.username, bob)).toBe('MEMBER');
    expect(await roleOf(bob.username, ana)).toBe('MEMBER'); // a moderator
    expect(await roleOf(ana.username, admin)).toBe('MODERATOR');
    expect(await roleOf(ana.username, bob)).toBeNull();
    expect(await roleOf(ana.username)).toBeNull();
    const entities = await identity.request(
      `query E($r: [_Any!]!) { _entities(representations: $r) { ... on User { id role } } }`,
      { r: [{ __typename: 'User', id: admin.userId }] },
      bob,
    );
    expect(entities.data._entities).toEqual([{ id: admin.userId, role: null }]);
  });
});

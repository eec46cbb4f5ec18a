import { startNats, type NatsServer } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onlyError, startIdentityHarness, type IdentityHarness } from './support/identity-harness';
import { aRegistration, OPERATIONS } from './support/operations';

let nats: NatsServer;
let identity: IdentityHarness;

beforeAll(async () => {
  nats = await startNats();
  identity = await startIdentityHarness({ natsUrl: nats.url });
});

afterAll(async () => {
  await identity?.stop();
  await nats?.stop();
});

describe('sessions over HTTP (PGlite, NATS)', () => {
  it('register → login by email and username → rotate → reuse revokes the family → logout', async () => {
    const input = aRegistration({ email: 'Flow.User@Example.com', username: 'flow_user' });
    const registered = await identity.register(input);
    expect(registered.errors).toBeUndefined();
    const user = registered.data.register.user;
    expect(user).toMatchObject({ username: 'flow_user', email: 'flow.user@example.com' });
    expect(new Date(user.createdAt).toISOString()).toBe(user.createdAt);

    const byEmail = await identity.login('FLOW.USER@example.com', input.password);
    const byUsername = await identity.login('flow_user', input.password);
    expect(byEmail.data.login.user.id).toBe(user.id);
    expect(byUsername.data.login.user.id).toBe(user.id);
    expect(byUsername.data.login.refreshToken).not.toBe(byEmail.data.login.refreshToken);

    // rotation: the old token is retired, the new one works once
    const first = byEmail.data.login.refreshToken as string;
    const rotated = await identity.refresh(first);
    expect(rotated.errors).toBeUndefined();
    const second = rotated.data.refreshSession.refreshToken as string;
    expect(second).not.toBe(first);
    expect(rotated.data.refreshSession.user.id).toBe(user.id);

    // reuse of the retired token burns the whole family: the successor dies too
    expect(onlyError(await identity.refresh(first))).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'IDENTITY.REFRESH_TOKEN_REUSED' });
    expect(onlyError(await identity.refresh(second))).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'IDENTITY.SESSION_REVOKED' });

    // other sessions (the username login, the registration) are untouched; logout ends one
    const other = byUsername.data.login.refreshToken as string;
    expect((await identity.logout(other)).data).toEqual({ logout: true });
    expect(onlyError(await identity.refresh(other))).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'IDENTITY.SESSION_REVOKED' });
    expect((await identity.refresh(registered.data.register.refreshToken)).data.refreshSession.user.id).toBe(user.id);
  });

  it('returns false when logging out an unknown token and UNAUTHENTICATED when refreshing one', async () => {
    expect((await identity.logout('never-issued')).data).toEqual({ logout: false });
    expect(onlyError(await identity.refresh('never-issued'))).toMatchObject({
      code: 'UNAUTHENTICATED',
      reason: 'IDENTITY.REFRESH_TOKEN_INVALID',
    });
  });

  it('lets exactly one of two concurrent refreshes of the same token succeed', async () => {
    const { data } = await identity.register(aRegistration());
    const token = data.register.refreshToken as string;
    const results = await Promise.all([identity.refresh(token), identity.refresh(token)]);
    const winners = results.filter((r) => r.data?.refreshSession);
    expect(winners).toHaveLength(1);
    const loser = results.find((r) => r.errors)!;
    expect(onlyError(loser)).toMatchObject({ reason: 'IDENTITY.REFRESH_TOKEN_REUSED' });
  });

  it('rejects an expired refresh token', async () => {
    const { data } = await identity.register(aRegistration());
    await identity.app.prisma.refreshToken.updateMany({
      data: { expiresAt: new Date(Date.now() - 1000) },
      where: { family: { accountId: data.register.user.id } },
    });
    expect(onlyError(await identity.refresh(data.register.refreshToken))).toMatchObject({
      code: 'UNAUTHENTICATED',
      reason: 'IDENTITY.REFRESH_TOKEN_EXPIRED',
    });
  });

  it('stores only digests of refresh tokens and argon2id hashes of passwords', async () => {
    const input = aRegistration();
    const { data } = await identity.register(input);
    const tokens = await identity.app.prisma.refreshToken.findMany({ where: { family: { accountId: data.register.user.id } } });
    expect(tokens).toHaveLength(1);
    expect(tokens[0]!.digest).not.toBe(data.register.refreshToken);
    const credential = await identity.app.prisma.credential.findUniqueOrThrow({ where: { accountId: data.register.user.id } });
    expect(credential.passwordHash).toMatch(/^\$argon2id\$v=19\$/);
    expect(credential.passwordHash).not.toContain(input.password);
  });
});

describe('reading users', () => {
  it('answers me with null when unauthenticated and with the viewer (email included) when signed in', async () => {
    const { data } = await identity.register(aRegistration({ username: 'me_reader' }));
    const user = data.register.user;
    expect((await identity.request(OPERATIONS.me)).data).toEqual({ me: null });
    const me = await identity.request(OPERATIONS.me, {}, { userId: user.id, username: user.username });
    expect(me.data).toEqual({ me: { id: user.id, username: 'me_reader', email: user.email, createdAt: user.createdAt } });
  });

  it('finds a user by username (any case) and shows the email only to its owner', async () => {
    const { data } = await identity.register(aRegistration({ username: 'looked_up' }));
    const owner = data.register.user;
    const { data: other } = await identity.register(aRegistration());
    const stranger = { userId: other.register.user.id, username: other.register.user.username };

    const anonymous = await identity.request(OPERATIONS.user, { username: 'Looked_Up' });
    expect(anonymous.data.user).toEqual({ id: owner.id, username: 'looked_up', email: null, createdAt: owner.createdAt });
    expect((await identity.request(OPERATIONS.user, { username: 'looked_up' }, stranger)).data.user.email).toBeNull();
    const self = await identity.request(OPERATIONS.user, { username: 'looked_up' }, { userId: owner.id, username: 'looked_up' });
    expect(self.data.user.email).toBe(owner.email);
    expect((await identity.request(OPERATIONS.user, { username: 'nobody_here' })).data).toEqual({ user: null });
  });

  it('rejects a forged identity header instead of treating the caller as anonymous', async () => {
    const response = await fetch(identity.app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-agora-identity': 'forged.header.value' },
      body: JSON.stringify({ query: OPERATIONS.me }),
    });
    const body = (await response.json()) as { data?: unknown; errors?: unknown[] };
    expect(body.data ?? null).toBeNull();
    expect(body.errors).toHaveLength(1);
  });

  it('is ready when the database and NATS are', async () => {
    const response = await fetch(`${identity.app.origin}/health/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ checks: { database: true, migrations: true, nats: true } });
  });
});

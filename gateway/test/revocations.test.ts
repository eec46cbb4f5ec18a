/**
 * ADR 14: the gateway's revocation list, fed by real contract events on a real NATS (with the
 * gateway's own permissions), checked on every request without a network call.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { AccountRoleChangedV1, AccountSuspendedV1, AccountUnsuspendedV1, createEvent, STREAMS, type EventContract } from '@agora/events';
import { connectNats, ensureStreams, NATS_ADMIN_USER, natsPermissions, type NatsConnection } from '@agora/messaging';
import { createLogger, verifyIdentity } from '@agora/service-kit';
import { gql, publishEnvelope, startNats, waitFor, type NatsServer } from '@agora/testing';
import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGatewayHarness, type GatewayHarness } from './support/gateway-harness';

const ME = '{ me { id } }';
const MODERATOR_ID = randomUUID();
const WINDOW_MS = 5_000;
const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('gateway revocation list (real NATS)', () => {
  let nats: NatsServer;
  let admin: NatsConnection;
  let js: JetStreamClient;
  const gatewayPassword = randomBytes(12).toString('hex');
  const adminPassword = randomBytes(12).toString('hex');
  const harnesses: GatewayHarness[] = [];
  const windows: Record<string, number> = {};

  const publish = async <T extends string, P>(contract: EventContract<T, P>, aggregateId: string, payload: P) => {
    await publishEnvelope(js, createEvent(contract, { aggregateId, aggregateVersion: 1, payload }));
    return performance.now();
  };
  const start = async () => {
    const h = await startGatewayHarness({
      env: {
        NATS_URL: nats.url,
        NATS_USER: 'gateway',
        NATS_PASSWORD: gatewayPassword,
        GATEWAY_REVOCATIONS_REQUIRED: 'true',
        LOG_LEVEL: process.env.H4B_LOG ?? 'silent',
      },
    });
    harnesses.push(h);
    return h;
  };
  const reasonOf = async (h: GatewayHarness, token: string) => {
    const res = await gql(h.url, ME, undefined, { token });
    return res.errors?.[0]?.extensions?.reason ?? (res.errors ? res.errors[0]?.extensions?.code : 'ok');
  };
  /** Polls until the token is refused; the time from the publish's ack to the first refusal. */
  const refusedWithin = async (h: GatewayHarness, token: string, since: number) => {
    await waitFor(async () => (await reasonOf(h, token)) === 'AUTH.TOKEN_REVOKED', { timeoutMs: WINDOW_MS, intervalMs: 10 });
    return Math.round(performance.now() - since);
  };

  beforeAll(async () => {
    nats = await startNats({
      auth: {
        users: [
          { user: 'gateway', password: gatewayPassword, permissions: natsPermissions('gateway') },
          { user: NATS_ADMIN_USER, password: adminPassword },
        ],
      },
    });
    admin = await connectNats({
      servers: nats.url,
      name: 'test-admin',
      user: NATS_ADMIN_USER,
      pass: adminPassword,
      logger: createLogger('test', 'silent'),
    });
    await ensureStreams(admin, [STREAMS.MODERATION, STREAMS.IDENTITY]);
    js = jetstream(admin);
  });
  afterAll(async () => {
    for (const h of harnesses) await h.close();
    await admin?.close();
    await nats?.stop();
    // The measured windows (ADR 14 quotes them).
    console.log(`revocation windows (event ack → first refusal, ms): ${JSON.stringify(windows)}`);
  });

  it('forwards the role claim in the identity header (absent = MEMBER)', async () => {
    const h = await start();
    const userId = randomUUID();
    for (const [role, expected] of [
      ['ADMIN', 'ADMIN'],
      ['MODERATOR', 'MODERATOR'],
      ['MEMBER', undefined],
      [undefined, undefined],
    ] as const) {
      const before = h.accounts.received.length;
      const res = await gql(h.url, ME, undefined, { token: await h.jwks.sign({ sub: userId, ...(role && { role }) }) });
      expect(res.errors).toBeUndefined();
      const header = h.accounts.received[before]!.headers['x-agora-identity'] as string;
      expect((await verifyIdentity(header, h.internalSecret)).viewer?.role).toBe(expected);
    }
    expect(h.gateway.isRevocationListReady()).toBe(true);
  });

  it('suspension: refuses every token of the user within the window; after unsuspension, new tokens pass and old ones stay refused', async () => {
    const h = harnesses[0] ?? (await start());
    const userId = randomUUID();
    const bystander = await h.jwks.sign({ sub: randomUUID(), issuedAt: nowSeconds() - 10 });
    const old = await h.jwks.sign({ sub: userId, issuedAt: nowSeconds() - 30 });
    expect(await reasonOf(h, old)).toBe('ok');

    const suspendedAt = new Date();
    const acked = await publish(AccountSuspendedV1, userId, {
      userId,
      moderatorId: MODERATOR_ID,
      reportId: null,
      reason: 'spam',
      suspendedAt: suspendedAt.toISOString(),
      until: null,
    });
    windows.suspension = await refusedWithin(h, old, acked);
    expect(windows.suspension).toBeLessThan(WINDOW_MS);
    // While suspended, even a token issued after the suspension is refused.
    const after = Math.floor(suspendedAt.getTime() / 1000) + 1;
    expect(await reasonOf(h, await h.jwks.sign({ sub: userId, issuedAt: after }))).toBe('AUTH.TOKEN_REVOKED');
    expect(await reasonOf(h, bystander)).toBe('ok');

    const fresh = await h.jwks.sign({ sub: userId, issuedAt: after });
    const unsuspended = await publish(AccountUnsuspendedV1, userId, {
      userId,
      moderatorId: MODERATOR_ID,
      unsuspendedAt: new Date().toISOString(),
    });
    await waitFor(async () => (await reasonOf(h, fresh)) === 'ok', { timeoutMs: WINDOW_MS, intervalMs: 10 });
    windows.unsuspension = Math.round(performance.now() - unsuspended);
    expect(await reasonOf(h, old)).toBe('AUTH.TOKEN_REVOKED');
  });

  it('role change: refuses tokens issued before it; the refreshed token with the new role passes', async () => {
    const h = harnesses[0] ?? (await start());
    const userId = randomUUID();
    const old = await h.jwks.sign({ sub: userId, issuedAt: nowSeconds() - 5 });
    expect(await reasonOf(h, old)).toBe('ok');
    const changedAt = new Date();
    const acked = await publish(AccountRoleChangedV1, userId, {
      accountId: userId,
      role: 'MODERATOR',
      previousRole: 'MEMBER',
      changedBy: randomUUID(),
      changedAt: changedAt.toISOString(),
    });
    windows.roleChange = await refusedWithin(h, old, acked);
    expect(windows.roleChange).toBeLessThan(WINDOW_MS);
    // The refresh right after the change (same `iat` second): carries the new role, so it passes;
    // a token of that second with the old role does not.
    const second = Math.floor(changedAt.getTime() / 1000);
    expect(await reasonOf(h, await h.jwks.sign({ sub: userId, role: 'MODERATOR', issuedAt: second }))).toBe('ok');
    expect(await reasonOf(h, await h.jwks.sign({ sub: userId, issuedAt: second }))).toBe('AUTH.TOKEN_REVOKED');
    expect(await reasonOf(h, await h.jwks.sign({ sub: userId, role: 'MODERATOR', issuedAt: second + 1 }))).toBe('ok');
  });

  it('a gateway started after the events refuses the old tokens too (replay from now − TTL)', async () => {
    const suspendedUser = randomUUID();
    const changedUser = randomUUID();
    const issued = nowSeconds() - 60;
    await publish(AccountSuspendedV1, suspendedUser, {
      userId: suspendedUser,
      moderatorId: MODERATOR_ID,
      reportId: null,
      reason: 'abuse',
      suspendedAt: new Date().toISOString(),
      until: new Date(Date.now() + 3_600_000).toISOString(),
    });
    await publish(AccountRoleChangedV1, changedUser, {
      accountId: changedUser,
      role: 'MEMBER',
      previousRole: 'ADMIN',
      changedBy: null,
      changedAt: new Date().toISOString(),
    });
    const late = await start();
    // `ready` waited for the list: the very first request is already refused.
    expect(late.gateway.isRevocationListReady()).toBe(true);
    expect(await reasonOf(late, await late.jwks.sign({ sub: suspendedUser, issuedAt: issued }))).toBe('AUTH.TOKEN_REVOKED');
    expect(await reasonOf(late, await late.jwks.sign({ sub: changedUser, role: 'ADMIN', issuedAt: issued }))).toBe('AUTH.TOKEN_REVOKED');
    expect(await reasonOf(late, await late.jwks.sign({ sub: randomUUID(), issuedAt: issued }))).toBe('ok');
    const res = await gql(late.url, ME, undefined, { token: await late.jwks.sign({ sub: suspendedUser, issuedAt: issued }) });
    expect(res.status).toBe(401);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'AUTH.TOKEN_REVOKED' });
  });
});

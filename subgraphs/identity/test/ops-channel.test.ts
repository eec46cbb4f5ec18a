import { freePort, startNats, tempDir, type NatsServer, type TempDir } from '@agora/testing';
import { signIdentityHeader } from '@agora/service-kit';
import { stat, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminGrant } from '../src/admin-grant';
import { signOpsToken } from '../src/infrastructure/ops/ops-token';
import { rotateSigningKey } from '../src/keys-rotate';
import { startIdentityHarness, type IdentityHarness } from './support/identity-harness';
import { aRegistration } from './support/operations';

/**
 * The ops channel (POST /internal/ops/<action>) against a RUNNING identity on PGlite over real
 * HTTP: `npm run admin:grant` and `npm run keys:rotate` (their functions, with the env a shell
 * would have) reach it, so nothing but identity opens its database; refused tokens; and the
 * database path when no identity runs.
 */
let nats: NatsServer;
let identity: IdentityHarness;
let cliDataDir: TempDir;
/** The env an operator's shell has: the deployment's secret, and a DATA_DIR the CLI must NOT open while identity runs. */
let cliEnv: Record<string, string>;

beforeAll(async () => {
  nats = await startNats();
  identity = await startIdentityHarness({ natsUrl: nats.url });
  cliDataDir = await tempDir('identity-ops-cli-');
  cliEnv = {
    IDENTITY_OPS_URL: identity.app.origin,
    AGORA_INTERNAL_SECRET: identity.config.internalSecret,
    DATA_DIR: cliDataDir.path,
    LOG_LEVEL: 'silent',
  };
});
afterAll(async () => {
  await identity?.stop();
  await nats?.stop();
  await cliDataDir?.remove();
});

const post = (action: string, headers: Record<string, string> = {}) =>
  fetch(new URL(`/internal/ops/${action}`, identity.app.origin), { method: 'POST', headers });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('ops channel against a running identity (PGlite)', () => {
  it('admin:grant makes the account ADMIN through the running process (event with changedBy null, once); an unknown email is reported', async () => {
    const input = aRegistration();
    const id = (await identity.register(input)).data.register.user.id as string;

    const granted = await adminGrant(input.email.toUpperCase(), cliEnv);
    expect(granted).toEqual({ accountId: id, changed: true, via: 'ops' });
    expect((await identity.app.prisma.account.findUniqueOrThrow({ where: { id } })).role).toBe('ADMIN');
    const events = await identity.app.prisma.outboxEvent.findMany({ where: { type: 'identity.account.role-changed.v1', aggregateId: id } });
    expect(events.map((e) => (e.envelope as { payload: unknown }).payload)).toEqual([
      { accountId: id, role: 'ADMIN', previousRole: 'MEMBER', changedBy: null, changedAt: expect.any(String) },
    ]);
    // Nothing was written where the CLI would have opened a database of its own.
    const { readdir } = await import('node:fs/promises');
    expect(await readdir(cliDataDir.path)).toEqual([]);

    expect(await adminGrant(input.email, cliEnv)).toEqual({ accountId: id, changed: false, via: 'ops' });
    expect(await identity.app.prisma.outboxEvent.count({ where: { type: 'identity.account.role-changed.v1', aggregateId: id } })).toBe(1);
    expect(await adminGrant('nobody@example.com', cliEnv)).toEqual({ accountId: null, changed: false, via: 'ops' });

    // The new role is in the next access token (a fresh login).
    const login = await identity.login(input.username, input.password);
    const claims = JSON.parse(Buffer.from((login.data.login.accessToken as string).split('.')[1]!, 'base64url').toString());
    expect(claims.role).toBe('ADMIN');
  });

  it('keys:rotate adds the key through the running process: it is in the JWKS at once', async () => {
    const { kid, via } = await rotateSigningKey(cliEnv);
    expect(via).toBe('ops');
    const jwks = (await (await fetch(new URL('/.well-known/jwks.json', identity.app.origin))).json()) as { keys: { kid: string }[] };
    expect(jwks.keys.map((k) => k.kid)).toContain(kid);
  });

  it('refuses a missing, forged, expired, other-action, replayed or non-ops token with 401 and does nothing', async () => {
    const secret = identity.config.internalSecret;
    const keysBefore = await identity.app.prisma.signingKey.count();
    const refused = async (response: Response) => {
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error: 'OPS.TOKEN_INVALID' });
    };
    await refused(await post('rotate-signing-key'));
    await refused(await post('rotate-signing-key', { authorization: 'Basic abc' }));
    await refused(await post('rotate-signing-key', bearer(await signOpsToken('x'.repeat(40), 'rotate-signing-key'))));
    const past = new Date(Date.now() - 10 * 60_000);
    await refused(await post('rotate-signing-key', bearer(await signOpsToken(secret, 'rotate-signing-key', {}, { now: past }))));
    // Not yet expired but issued too long ago (a long-lived token is refused).
    await refused(
      await post(
        'rotate-signing-key',
        bearer(await signOpsToken(secret, 'rotate-signing-key', {}, { now: new Date(Date.now() - 120_000), ttlSeconds: 3600 })),
      ),
    );
    await refused(await post('rotate-signing-key', bearer(await signOpsToken(secret, 'grant-admin', { email: 'a@example.com' }))));
    // The gateway's identity header is signed with the same secret, but is not an ops token.
    const header = await signIdentityHeader({ userId: '01900000-0000-7000-8000-000000000001', username: 'x', role: 'ADMIN' }, secret);
    await refused(await post('rotate-signing-key', bearer(header)));
    expect(await identity.app.prisma.signingKey.count()).toBe(keysBefore);

    const once = await signOpsToken(secret, 'rotate-signing-key');
    expect((await post('rotate-signing-key', bearer(once))).status).toBe(200);
    await refused(await post('rotate-signing-key', bearer(once)));
    expect(await identity.app.prisma.signingKey.count()).toBe(keysBefore + 1);

    expect((await post('drop-tables', bearer(await signOpsToken(secret, 'drop-tables')))).status).toBe(404);
    const bad = await post('grant-admin', bearer(await signOpsToken(secret, 'grant-admin', { email: 42 })));
    expect(bad.status).toBe(400);
  });
});

describe('ops CLIs when identity is not running (PGlite data directory)', () => {
  it('admin:grant writes the role and its event to the database; identity publishes it at its next start; AGORA_BOOTSTRAP_ADMIN_EMAIL promotes an existing account once', async () => {
    const dataDir = await tempDir('identity-ops-offline-');
    const closedPort = await freePort();
    const env = { DATA_DIR: dataDir.path, IDENTITY_OPS_URL: `http://127.0.0.1:${closedPort}`, LOG_LEVEL: 'silent' };
    try {
      const start = (extra: Record<string, string> = {}) =>
        startIdentityHarness({ natsUrl: nats.url, database: { dataDir: `${dataDir.path}/identity` }, env: { ...env, ...extra } });
      const first = await start();
      const ana = aRegistration();
      const bea = aRegistration();
      const anaId = (await first.register(ana)).data.register.user.id as string;
      const beaId = (await first.register(bea)).data.register.user.id as string;
      // Running on that PGlite directory, identity is found through the owner file it wrote, even
      // though nothing listens at IDENTITY_OPS_URL: the CLI never opens the directory itself.
      expect(await rotateSigningKey(env)).toMatchObject({ via: 'ops' });
      await first.app.stop();
      await expect(stat(`${dataDir.path}/identity.owner.json`)).rejects.toThrow(); // released at stop

      expect(await adminGrant(ana.email, env)).toEqual({ accountId: anaId, changed: true, via: 'database' });

      const second = await start({ AGORA_BOOTSTRAP_ADMIN_EMAIL: bea.email });
      const roleOf = async (h: IdentityHarness, id: string) => (await h.app.prisma.account.findUniqueOrThrow({ where: { id } })).role;
      expect(await roleOf(second, anaId)).toBe('ADMIN');
      expect(await roleOf(second, beaId)).toBe('ADMIN');
      const roleEvents = (h: IdentityHarness) =>
        h.app.prisma.outboxEvent.findMany({ where: { type: 'identity.account.role-changed.v1' }, orderBy: { seq: 'asc' } });
      await second.app.relay.drain(10_000);
      const events = await roleEvents(second);
      expect(events.map((e) => [e.aggregateId, e.publishedAt !== null])).toEqual([
        [anaId, true],
        [beaId, true],
      ]);
      await second.app.stop();

      const third = await start({ AGORA_BOOTSTRAP_ADMIN_EMAIL: bea.email });
      expect(await roleEvents(third)).toHaveLength(2); // idempotent: no second bootstrap event
      await third.app.stop();

      // A live owner still starting (directory open, channel not listening yet): refused too.
      await writeFile(`${dataDir.path}/identity.owner.json`, JSON.stringify({ pid: process.pid, opsUrl: null }));
      await expect(rotateSigningKey(env)).rejects.toThrow(/is starting on this PGlite directory/);
      // A live owner whose channel does not answer: refused, rather than opening its directory.
      await writeFile(`${dataDir.path}/identity.owner.json`, JSON.stringify({ pid: process.pid, opsUrl: env.IDENTITY_OPS_URL }));
      await expect(adminGrant(ana.email, env)).rejects.toThrow(/not opening it from a second process/);
    } finally {
      await dataDir.remove();
    }
  });
});

describe('AGORA_BOOTSTRAP_ADMIN_EMAIL at registration', () => {
  it('the account registers as ADMIN: its first access token says so, and User.role shows it to itself', async () => {
    const boss = aRegistration();
    const h = await startIdentityHarness({ natsUrl: nats.url, env: { AGORA_BOOTSTRAP_ADMIN_EMAIL: boss.email.toUpperCase() } });
    try {
      const response = await h.request(`mutation R($input: RegisterInput!) { register(input: $input) { accessToken user { id role } } }`, {
        input: boss,
      });
      expect(response.errors).toBeUndefined();
      const claims = JSON.parse(Buffer.from((response.data.register.accessToken as string).split('.')[1]!, 'base64url').toString());
      expect(claims.role).toBe('ADMIN');
      expect(response.data.register.user.role).toBe('ADMIN');
      const other = await h.register(aRegistration());
      expect(other.errors).toBeUndefined();
      const events = await h.app.prisma.outboxEvent.findMany({ where: { type: 'identity.account.role-changed.v1' } });
      expect(events.map((e) => e.aggregateId)).toEqual([response.data.register.user.id]);
    } finally {
      await h.stop();
    }
  });
});

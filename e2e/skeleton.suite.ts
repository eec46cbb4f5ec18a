/**
 * The walking skeleton, end to end through the real gateway over HTTP: register → login → the
 * profile appears through the event → createPost → `me { … posts }` → a second user sees it →
 * anonymous createPost fails. Run once on embedded PGlite and once on real Postgres.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '@agora/devstack';
import { gql, startNats, tempDir, type NatsServer, type TempDir } from '@agora/testing';
import { errorCodes, login, newPerson, register, startTestPlatform, waitForProfile, type Session } from './support';

export function defineSkeletonSuite(
  label: string,
  databaseEnv: () => Promise<{ env: Record<string, string>; cleanup(): Promise<void> }>,
): void {
  describe(`walking skeleton through the gateway (${label})`, () => {
    let platform: Platform;
    let nats: NatsServer;
    let data: TempDir;
    let cleanupDatabases: () => Promise<void> = async () => {};
    let url: string;

    beforeAll(async () => {
      data = await tempDir('agora-e2e-');
      nats = await startNats();
      const db = await databaseEnv();
      cleanupDatabases = db.cleanup;
      platform = await startTestPlatform({ dataDir: data.path, natsUrl: nats.url, env: db.env });
      url = platform.gatewayUrl;
    });

    afterAll(async () => {
      await platform?.stop();
      await nats?.stop();
      await cleanupDatabases();
      await data?.remove();
    });

    const alice = newPerson('alice');
    const bob = newPerson('bob');
    let aliceSession: Session;

    it('registers, then logs in by email and by username', async () => {
      aliceSession = await register(url, alice);
      expect(aliceSession.username).toBe(alice.username);

      for (const loginName of [alice.email, alice.username]) {
        const res = await login(url, loginName, alice.password);
        expect(res.errors).toBeUndefined();
        expect(res.data.login.user.id).toBe(aliceSession.userId);
        expect(Date.parse(res.data.login.expiresAt)).toBeGreaterThan(Date.now());
      }
    });

    it('builds the profile from identity.account.registered.v1 (display name defaults to the username)', async () => {
      await expect(waitForProfile(url, alice.username)).resolves.toBe(alice.username);
    });

    it('publishes a post and returns it from me { posts }', async () => {
      const created = await gql(
        url,
        `mutation($input: CreatePostInput!) { createPost(input: $input) { id body visibility author { id username } } }`,
        { input: { body: 'Hello, Agora!' } },
        { token: aliceSession.accessToken },
      );
      expect(created.errors).toBeUndefined();
      expect(created.data.createPost).toMatchObject({
        body: 'Hello, Agora!',
        visibility: 'PUBLIC',
        author: { id: aliceSession.userId, username: alice.username },
      });

      const me = await gql(url, `{ me { username displayName posts(first: 10) { edges { node { body } } } } }`, undefined, {
        token: aliceSession.accessToken,
      });
      expect(me.errors).toBeUndefined();
      expect(me.data.me).toEqual({
        username: alice.username,
        displayName: alice.username,
        posts: { edges: [{ node: { body: 'Hello, Agora!' } }] },
      });
    });

    it('shows the post to a second user in the public posts list', async () => {
      const bobSession = await register(url, bob);
      const res = await gql(
        url,
        `{ posts(first: 20) { edges { node { body author { username displayName } } } pageInfo { hasNextPage } } }`,
        undefined,
        {
          token: bobSession.accessToken,
        },
      );
      expect(res.errors).toBeUndefined();
      const bodies = res.data.posts.edges.map((e: any) => e.node);
      expect(bodies).toContainEqual({ body: 'Hello, Agora!', author: { username: alice.username, displayName: alice.username } });
    });

    it('refuses createPost without a token with UNAUTHENTICATED', async () => {
      const res = await gql(url, `mutation { createPost(input: { body: "anonymous" }) { id } }`);
      expect(errorCodes(res)).toEqual(['UNAUTHENTICATED']);
      expect(res.data?.createPost ?? null).toBeNull();
      const list = await gql(url, `{ posts(first: 100) { edges { node { body } } } }`);
      expect(list.data.posts.edges.map((e: any) => e.node.body)).not.toContain('anonymous');
    });

    it('answers me with null when unauthenticated', async () => {
      const res = await gql(url, `{ me { id } }`);
      expect(res.errors).toBeUndefined();
      expect(res.data.me).toBeNull();
    });

    it('rejects bad registrations with typed, field-level errors and writes nothing', async () => {
      const cases: { input: Record<string, string>; code: string; field: string }[] = [
        { input: { ...newPerson(), email: 'not-an-email' }, code: 'BAD_USER_INPUT', field: 'email' },
        { input: { ...newPerson(), password: 'short' }, code: 'BAD_USER_INPUT', field: 'password' },
        { input: { ...newPerson(), password: 'x'.repeat(129) }, code: 'BAD_USER_INPUT', field: 'password' },
        { input: { ...newPerson(), username: 'Bad Name!' }, code: 'BAD_USER_INPUT', field: 'username' },
        { input: { ...newPerson(), username: 'ab' }, code: 'BAD_USER_INPUT', field: 'username' },
        { input: { ...newPerson(), email: alice.email }, code: 'CONFLICT', field: 'email' },
        { input: { ...newPerson(), username: alice.username }, code: 'CONFLICT', field: 'username' },
      ];
      for (const c of cases) {
        const res = await gql(url, `mutation($input: RegisterInput!) { register(input: $input) { accessToken } }`, { input: c.input });
        expect(res.errors?.[0]?.extensions, JSON.stringify(c.input)).toMatchObject({ code: c.code, field: c.field });
        expect(JSON.stringify(res.errors)).not.toMatch(/\bat .+:\d+:\d+/); // no stack frames
      }
      // None of the rejected usernames exists.
      for (const c of cases.slice(0, 5)) {
        const u = c.input.username;
        if (!u || !/^[a-z0-9_]{3,30}$/.test(u)) continue;
        const res = await gql(url, `query($u: String!) { user(username: $u) { id } }`, { u });
        expect(res.data.user).toBeNull();
      }
    });

    it('rejects a wrong password without saying which part was wrong', async () => {
      const wrong = await login(url, alice.username, 'not the password');
      const unknown = await login(url, 'nobody_like_this', 'not the password');
      expect(errorCodes(wrong)).toEqual(['UNAUTHENTICATED']);
      expect(errorCodes(unknown)).toEqual(['UNAUTHENTICATED']);
      expect(wrong.errors?.[0]?.message).toBe(unknown.errors?.[0]?.message);
    });

    it('rejects forged, malformed and alg:none tokens with UNAUTHENTICATED', async () => {
      const [header, payload] = aliceSession.accessToken.split('.');
      const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
      const forged = `${header}.${payload}.${Buffer.from('not-a-signature').toString('base64url')}`;
      for (const token of [none, forged, 'garbage']) {
        const res = await gql(url, `{ me { id } }`, undefined, { token });
        expect(errorCodes(res), token).toEqual(['UNAUTHENTICATED']);
      }
    });

    it('rejects unknown input fields with a typed error', async () => {
      const res = await gql(
        url,
        `mutation($input: CreatePostInput!) { createPost(input: $input) { id } }`,
        { input: { body: 'x', mood: 'happy' } },
        { token: aliceSession.accessToken },
      );
      expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    });

    it('rejects an oversized request body with a typed error', async () => {
      const res = await gql(
        url,
        `mutation($input: CreatePostInput!) { createPost(input: $input) { id } }`,
        { input: { body: 'x'.repeat(300_000) } },
        { token: aliceSession.accessToken },
      );
      expect(res.status).toBe(413);
      expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    });

    it('rotates refresh tokens and revokes the family when a retired one is reused', async () => {
      const first = aliceSession.refreshToken;
      const refreshed = await gql(
        url,
        `mutation($t: String!) { refreshSession(input: { refreshToken: $t }) { accessToken refreshToken } }`,
        { t: first },
      );
      expect(refreshed.errors).toBeUndefined();
      const second = refreshed.data.refreshSession.refreshToken as string;
      expect(second).not.toBe(first);

      const reuse = await gql(url, `mutation($t: String!) { refreshSession(input: { refreshToken: $t }) { accessToken } }`, { t: first });
      expect(errorCodes(reuse)).toEqual(['UNAUTHENTICATED']);
      const afterReuse = await gql(url, `mutation($t: String!) { refreshSession(input: { refreshToken: $t }) { accessToken } }`, {
        t: second,
      });
      expect(errorCodes(afterReuse)).toEqual(['UNAUTHENTICATED']);
    });

    it('serves health endpoints on the gateway and every subgraph', async () => {
      for (const service of platform.services) {
        const base = new URL(service.url).origin;
        const live = await fetch(`${base}/health/live`);
        const ready = await fetch(`${base}/health/ready`);
        expect([service.name, live.status, ready.status]).toEqual([service.name, 200, 200]);
      }
    });
  });
}

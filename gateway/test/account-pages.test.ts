import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { verifyIdentity, type ForwardedIdentity } from '@agora/service-kit';
import { freePort, tempDir, type TempDir } from '@agora/testing';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { GraphQLError, parse } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startGateway, type RunningGateway } from '../src/app';
import { loadGatewayConfig } from '../src/config';
import { composeSupergraph, renderSupergraphFile } from '../src/supergraph/compose';
import { startJwksServer, type JwksServer } from './support/jwks-server';

/** The slice of identity's and notifications' API the pages call, in one fixture subgraph. */
const SDL = `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
type Query { ping: Boolean }
type User @key(fields: "id") { id: ID! emailVerified: Boolean! }
type AuthPayload { accessToken: String! }
input VerifyEmailInput { token: String! }
input ResetPasswordInput { token: String! newPassword: String! }
input UnsubscribeEmailInput { token: String! }
type Mutation {
  verifyEmail(input: VerifyEmailInput!): User!
  resetPassword(input: ResetPasswordInput!): AuthPayload!
  unsubscribeEmail(input: UnsubscribeEmailInput!): Boolean!
}
`;

interface Call {
  field: string;
  input: Record<string, string>;
  identity: ForwardedIdentity;
}

const badInput = (message: string, reason: string, field: string) =>
  new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', reason, field } });

describe('account pages (the links in mail)', () => {
  const internalSecret = randomBytes(32).toString('hex');
  const calls: Call[] = [];
  let subgraph: Server;
  let subgraphApollo: ApolloServer<{ identity: ForwardedIdentity }>;
  let jwks: JwksServer;
  let dir: TempDir;
  let gateway: RunningGateway;
  let origin: string;

  beforeAll(async () => {
    const record = (field: string) => (input: Record<string, string>, identity: ForwardedIdentity) =>
      calls.push({ field, input, identity });
    subgraphApollo = new ApolloServer<{ identity: ForwardedIdentity }>({
      schema: buildSubgraphSchema({
        typeDefs: parse(SDL),
        resolvers: <GraphQLResolverMap<any>>{
          Mutation: {
            verifyEmail: (_: unknown, { input }: { input: { token: string } }, ctx: { identity: ForwardedIdentity }) => {
              record('verifyEmail')(input, ctx.identity);
              if (input.token !== 'good') throw badInput('Invalid token', 'IDENTITY.VERIFICATION_TOKEN_INVALID', 'token');
              return { id: 'user-1', emailVerified: true };
            },
            resetPassword: (
              _: unknown,
              { input }: { input: { token: string; newPassword: string } },
              ctx: { identity: ForwardedIdentity },
            ) => {
              record('resetPassword')(input, ctx.identity);
              if (input.token !== 'good') throw badInput('Invalid token', 'IDENTITY.RESET_TOKEN_INVALID', 'token');
              if (input.newPassword.length < 8)
                throw badInput('The password must have 8 to 128 characters <b>', 'IDENTITY.INVALID_PASSWORD', 'newPassword');
              return { accessToken: 'secret-session-token' };
            },
            unsubscribeEmail: (_: unknown, { input }: { input: { token: string } }, ctx: { identity: ForwardedIdentity }) => {
              record('unsubscribeEmail')(input, ctx.identity);
              if (input.token === 'limited')
                throw new GraphQLError('Slow down', {
                  extensions: { code: 'RATE_LIMITED', reason: 'NOTIFICATIONS.RATE_LIMITED', retryAfter: 30 },
                });
              if (input.token !== 'good') throw badInput('Bad token', 'NOTIFICATIONS.UNSUBSCRIBE_TOKEN_INVALID', 'token');
              return true;
            },
          },
        },
      }),
      plugins: [ApolloServerPluginInlineTraceDisabled()],
    });
    await subgraphApollo.start();
    const app = express();
    app.use(
      '/graphql',
      express.json(),
      expressMiddleware(subgraphApollo, {
        context: async ({ req }) => {
          const header = req.headers['x-agora-identity'];
          return { identity: await verifyIdentity(typeof header === 'string' ? header : undefined, internalSecret) };
        },
      }),
    );
    subgraph = createServer(app);
    await new Promise<void>((resolve) => subgraph.listen(0, '127.0.0.1', resolve));
    const subgraphUrl = `http://127.0.0.1:${(subgraph.address() as AddressInfo).port}/graphql`;

    jwks = await startJwksServer();
    dir = await tempDir('agora-account-pages-');
    const composed = composeSupergraph([{ name: 'accounts', url: subgraphUrl, sdl: SDL }]);
    if (!composed.ok) throw new Error(composed.errors.map((e) => e.message).join('; '));
    const supergraphPath = join(dir.path, 'supergraph.graphql');
    await writeFile(supergraphPath, renderSupergraphFile(composed.supergraphSdl, ['accounts']));
    gateway = await startGateway(
      loadGatewayConfig({
        HOST: '127.0.0.1',
        GATEWAY_PORT: String(await freePort()),
        LOG_LEVEL: 'silent',
        SUPERGRAPH_PATH: supergraphPath,
        IDENTITY_JWKS_URL: jwks.jwksUrl,
        AGORA_INTERNAL_SECRET: internalSecret,
        ACCOUNTS_URL: subgraphUrl,
        NATS_URL: `nats://127.0.0.1:${await freePort()}`,
        AGORA_RATE_LIMITS: 'off',
      }),
    );
    await gateway.ready;
    origin = new URL(gateway.url).origin;
  });
  afterAll(async () => {
    await gateway?.close();
    await subgraphApollo?.stop();
    await new Promise<void>((resolve) => (subgraph ? subgraph.close(() => resolve()) : resolve()));
    await jwks?.close();
    await dir?.remove();
  });
  beforeEach(() => {
    calls.length = 0;
  });

  const get = (path: string) => fetch(`${origin}${path}`, { redirect: 'manual' });
  const post = (path: string, form: Record<string, string>) =>
    fetch(`${origin}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
      redirect: 'manual',
    });

  function expectPageHeaders(response: Response): void {
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  }

  describe('GET never uses the token (mail scanners prefetch links)', () => {
    it.each([
      ['/account/verify-email', 'Confirm my email'],
      ['/account/reset-password', 'Set the new password'],
      ['/notifications/unsubscribe', 'Unsubscribe'],
    ])('%s shows a form that posts the escaped token back to the page', async (path, button) => {
      const token = 'tok"><script>alert(1)</script>&';
      const response = await get(`${path}?token=${encodeURIComponent(token)}`);
      expect(response.status).toBe(200);
      expectPageHeaders(response);
      const html = await response.text();
      expect(html).toContain(`value="tok&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;"`);
      expect(html).not.toContain('<script>');
      expect(html).toMatch(new RegExp(`<form method="post" action="${path.split('/').pop()}">`));
      expect(html).toContain(`>${button}</button>`);
      expect(calls).toEqual([]);
    });

    it('answers a link without a token with 400 and an explanation', async () => {
      const response = await get('/account/verify-email');
      expect(response.status).toBe(400);
      expectPageHeaders(response);
      expect(await response.text()).toContain('This link is incomplete');
    });
  });

  describe('POST runs the mutation through the gateway', () => {
    it('confirms an email, with the client IP in the signed identity header', async () => {
      const response = await post('/account/verify-email', { token: 'good' });
      expect(response.status).toBe(200);
      expectPageHeaders(response);
      expect(await response.text()).toContain('Email confirmed');
      expect(calls).toEqual([{ field: 'verifyEmail', input: { token: 'good' }, identity: { viewer: null, clientIp: '127.0.0.1' } }]);
    });

    it('explains a used or expired link in words, with the GraphQL reason', async () => {
      const response = await post('/account/verify-email', { token: 'used' });
      expect(response.status).toBe(400);
      const html = await response.text();
      expect(html).toContain('This confirmation link is not valid any more');
      expect(html).toContain('Reason: <code>IDENTITY.VERIFICATION_TOKEN_INVALID</code>');
    });

    it('resets a password and never shows it or the new session', async () => {
      const response = await post('/account/reset-password', {
        token: 'good',
        newPassword: 'correct horse',
        confirmPassword: 'correct horse',
      });
      expect(response.status).toBe(200);
      expectPageHeaders(response);
      const html = await response.text();
      expect(html).toContain('Password changed');
      expect(html).not.toContain('correct horse');
      expect(html).not.toContain('secret-session-token');
      expect(calls).toMatchObject([{ field: 'resetPassword', input: { token: 'good', newPassword: 'correct horse' } }]);
    });

    it('keeps the form, without the password, when the two passwords differ or the password is refused', async () => {
      const mismatch = await post('/account/reset-password', {
        token: 'good',
        newPassword: 'correct horse',
        confirmPassword: 'correct hose',
      });
      expect(mismatch.status).toBe(400);
      const mismatchHtml = await mismatch.text();
      expect(mismatchHtml).toContain('The two passwords are not the same.');
      expect(mismatchHtml).not.toContain('correct h');
      expect(calls).toEqual([]);

      const short = await post('/account/reset-password', { token: 'good', newPassword: 'short', confirmPassword: 'short' });
      expect(short.status).toBe(400);
      const html = await short.text();
      expect(html).toContain('The password must have 8 to 128 characters &lt;b&gt;');
      expect(html).toContain('name="newPassword"');
      expect(html).toContain('value="good"');
      expect(html).not.toContain('value="short"');
    });

    it('says a reset link is spent without showing the form again', async () => {
      const response = await post('/account/reset-password', {
        token: 'expired',
        newPassword: 'correct horse',
        confirmPassword: 'correct horse',
      });
      expect(response.status).toBe(400);
      const html = await response.text();
      expect(html).toContain('This password reset link is not valid any more');
      expect(html).not.toContain('name="newPassword"');
    });

    it('unsubscribes from the button, and from an RFC 8058 one-click POST with the token in the URL', async () => {
      expect((await post('/notifications/unsubscribe', { token: 'good' })).status).toBe(200);
      const oneClick = await post('/notifications/unsubscribe?token=good', { 'List-Unsubscribe': 'One-Click' });
      expect(oneClick.status).toBe(200);
      expectPageHeaders(oneClick);
      expect(await oneClick.text()).toContain('Unsubscribed');
      expect(calls.map((c) => [c.field, c.input.token])).toEqual([
        ['unsubscribeEmail', 'good'],
        ['unsubscribeEmail', 'good'],
      ]);
    });

    it('passes a rate limit on as 429 with Retry-After', async () => {
      const response = await post('/notifications/unsubscribe', { token: 'limited' });
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('30');
      expect(await response.text()).toContain('Try again in 30 seconds');
    });
  });
});

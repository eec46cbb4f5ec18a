import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import {
  IDENTITY_HEADER,
  createLogger,
  startSubgraphServer,
  verifyIdentity,
  type BaseContext,
  type RunningServer,
} from '@agora/service-kit';
import { freePort, gql, tempDir } from '@agora/testing';
import express from 'express';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type RunningGateway } from '../src/app';
import { loadGatewayConfig } from '../src/config';
import { LIMIT_REASONS } from '../src/limits/request-limits';
import { composeSupergraph, renderSupergraphFile } from '../src/supergraph/compose';
import { startJwksServer, type JwksServer } from './support/jwks-server';

/**
 * Issue #15 item 3: a legitimate 100 × 100 page (whom a user follows → whom each of them is
 * followed by → usernames: 10 100 users) goes through the gateway — no COST_LIMIT, no 413 on the
 * 10 000-representation `_entities` fetch — while the issue's three nested pages of `$n = 100`
 * stay refused. The subgraphs are service-kit servers with identity's and social's real SDL (stub
 * resolvers, no database) that REQUIRE the gateway's signature, so this also proves that every
 * fetch of the plan, the split entity batch included, carries a header signed for its subgraph.
 */

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const PAGE = 100;
const HUNDRED_BY_HUNDRED = `query($u: String!) { user(username: $u) { following(first: ${PAGE}) { edges { node { username
  followers(first: ${PAGE}) { edges { node { username } } } } } } } }`;
const ISSUE_QUERY = `query($u: String!, $n: Int) { user(username: $u) { following(first: $n) { edges { node {
  followers(first: $n) { edges { node { following(first: $n) { edges { node { id username } } } } } } } } } } }`;

interface Received {
  audience: string;
  header: string;
  entities: number;
}

const page = (ids: string[]) => ({
  edges: ids.map((id) => ({ cursor: id, node: { id } })),
  pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: ids[0] ?? null, endCursor: ids.at(-1) ?? null },
});

describe('a 100 × 100 page through the gateway (subgraphs requiring its signature)', () => {
  let gateway: RunningGateway;
  let jwks: JwksServer;
  const servers: RunningServer[] = [];
  let removeDir: () => Promise<void>;
  const received: Record<string, Received[]> = { identity: [], social: [] };
  const secret = randomBytes(32).toString('hex');

  beforeAll(async () => {
    jwks = await startJwksServer();
    const silent = createLogger('test', 'silent', new Writable({ write: (_c, _e, done) => done() }));
    const start = async (name: 'identity' | 'social', resolvers: object) => {
      const typeDefs = parse(await readFile(join(REPO, `subgraphs/${name}/src/graphql/schema.graphql`), 'utf8'));
      const server = await startSubgraphServer<BaseContext>({
        name,
        host: '127.0.0.1',
        port: 0,
        typeDefs,
        resolvers,
        requireGatewaySignature: true,
        internalSecret: secret,
        logger: silent,
        readiness: async () => ({ ready: true, checks: {} }),
        createContext: (base) => base,
        routes: (app) =>
          // The subgraph's own limit (100kb) parses here already; its parser then leaves the body be.
          app.use('/graphql', express.json({ limit: '100kb' }), (req, _res, next) => {
            const header = req.get(IDENTITY_HEADER) ?? '';
            const representations = (req.body as { variables?: { representations?: unknown[] } } | undefined)?.variables?.representations;
            received[name]!.push({ audience: name, header, entities: representations?.length ?? 0 });
            next();
          }),
      });
      servers.push(server);
      return server;
    };
    const identity = await start('identity', {
      Query: { user: (_: unknown, args: { username: string }) => ({ id: 'root', username: args.username }) },
      User: { __resolveReference: (ref: { id: string }) => ({ id: ref.id, username: `u_${ref.id.replaceAll('-', '_')}` }) },
    });
    const social = await start('social', {
      User: {
        __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
        following: (user: { id: string }, args: { first?: number | null }) =>
          page(Array.from({ length: args.first ?? 20 }, (_, i) => `${user.id}-f${i}`)),
        followers: (user: { id: string }, args: { first?: number | null }) =>
          page(Array.from({ length: args.first ?? 20 }, (_, i) => `${user.id}-r${i}`)),
      },
    });

    const dir = await tempDir('agora-gateway-100x100-');
    removeDir = () => dir.remove();
    const composed = composeSupergraph(
      await Promise.all(
        (['identity', 'social'] as const).map(async (name, i) => ({
          name,
          url: `http://localhost:${4911 + i}/graphql`,
          sdl: await readFile(join(REPO, `subgraphs/${name}/src/graphql/schema.graphql`), 'utf8'),
        })),
      ),
    );
    if (!composed.ok) throw new Error(`composition failed: ${composed.errors.map((e) => e.message).join('; ')}`);
    const supergraphPath = join(dir.path, 'supergraph.graphql');
    await writeFile(supergraphPath, renderSupergraphFile(composed.supergraphSdl, ['identity', 'social']));
    gateway = await startGateway(
      loadGatewayConfig({
        HOST: '127.0.0.1',
        GATEWAY_PORT: String(await freePort()),
        LOG_LEVEL: 'silent',
        SUPERGRAPH_PATH: supergraphPath,
        IDENTITY_JWKS_URL: jwks.jwksUrl,
        AGORA_INTERNAL_SECRET: secret,
        IDENTITY_URL: identity.url,
        SOCIAL_URL: social.url,
        NATS_URL: `nats://127.0.0.1:${await freePort()}`,
        AGORA_RATE_LIMITS: 'off',
      }),
    );
    await gateway.ready;
  });

  afterAll(async () => {
    await gateway?.close();
    await Promise.all(servers.map((s) => s.close()));
    await jwks?.close();
    await removeDir?.();
  });

  const calls = () => received.identity!.length + received.social!.length;

  it('answers the whole page: 100 followings × 100 followers each, every username resolved', async () => {
    received.identity!.length = 0;
    received.social!.length = 0;
    const res = await gql(gateway.url, HUNDRED_BY_HUNDRED, { u: 'ada' });
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
    const following = res.data.user.following.edges;
    expect(following).toHaveLength(PAGE);
    expect(following[7].node.username).toBe('u_root_f7');
    for (const edge of following) expect(edge.node.followers.edges).toHaveLength(PAGE);
    expect(following[99].node.followers.edges[42].node.username).toBe('u_root_f99_r42');

    // The 10 000 followers' usernames went to identity as several `_entities` requests (each
    // under its 100kb body limit), together all of them.
    const batches = received.identity!.filter((r) => r.entities > 0);
    expect(batches.length).toBeGreaterThan(2);
    expect(batches.reduce((sum, r) => sum + r.entities, 0)).toBe(PAGE + PAGE * PAGE);
    // Every fetch carried one header per subgraph, signed for it, reused by all its fetches.
    for (const name of ['identity', 'social'] as const) {
      const headers = new Set(received[name]!.map((r) => r.header));
      expect(headers.size).toBe(1);
      const [header] = headers;
      await expect(verifyIdentity(header, secret, { audience: name, requireSignature: true })).resolves.toMatchObject({ viewer: null });
    }
    expect(received.identity![0]!.header).not.toBe(received.social![0]!.header);
  });

  it("still refuses the issue's three nested pages of $n = 100, before any subgraph fetch", async () => {
    const before = calls();
    const res = await gql(gateway.url, ISSUE_QUERY, { u: 'ada', n: PAGE });
    expect(res.status).toBe(400);
    expect(res.errors?.map((e) => e.extensions)).toEqual([{ code: 'BAD_USER_INPUT', reason: LIMIT_REASONS.cost }]);
    expect(calls()).toBe(before);
  });
});

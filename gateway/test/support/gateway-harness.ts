import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { verifyIdentity, type Viewer } from '@agora/service-kit';
import { freePort, tempDir } from '@agora/testing';
import { GraphQLError } from 'graphql';
import { startGateway, type RunningGateway } from '../../src/app';
import { loadGatewayConfig } from '../../src/config';
import { composeSupergraph, renderSupergraphFile } from '../../src/supergraph/compose';
import { FIXTURES_DIR, startFixtureSubgraph, type FixtureSubgraph } from './fixture-subgraph';
import { startJwksServer, type JwksServer } from './jwks-server';

export const USERS = [
  { id: 'user-1', username: 'ada' },
  { id: 'user-2', username: 'grace' },
];
export const NOTES = [
  { id: 'note-1', text: 'hello', authorId: 'user-1' },
  { id: 'note-2', text: 'federation', authorId: 'user-2' },
  { id: 'note-3', text: 'again', authorId: 'user-1' },
];
/** What the "notes" subgraph leaks in an uncoded error; it must never reach a client. */
export const LEAKY_SECRET = 'hunter2@db.internal:5432';

interface SubgraphContext {
  viewer: Viewer | null;
  clientIp: string | null;
}

export interface GatewayHarness {
  gateway: RunningGateway;
  url: string;
  jwks: JwksServer;
  accounts: FixtureSubgraph;
  notes: FixtureSubgraph;
  internalSecret: string;
  /** Requests received by all fixture subgraphs so far. */
  subgraphCalls(): number;
  close(): Promise<void>;
}

/**
 * `AGORA_RATE_LIMITS=off` unless `env` says otherwise (or sets NODE_ENV=production): only the budget's own tests count requests.
 *
 * Two fixture subgraphs composed into a supergraph whose routing URLs are placeholders
 * (localhost:4901/4902), a local JWKS, and the gateway started through its real config loader
 * with ACCOUNTS_URL / NOTES_URL overrides, as the dev stack would run it.
 */
export async function startGatewayHarness(options: { env?: Record<string, string> } = {}): Promise<GatewayHarness> {
  const internalSecret = randomBytes(32).toString('hex');
  const subgraphContext = async (headers: Record<string, string | string[] | undefined>): Promise<SubgraphContext> => {
    const header = headers['x-agora-identity'];
    return verifyIdentity(typeof header === 'string' ? header : undefined, internalSecret);
  };
  const userById = (id: string) => USERS.find((u) => u.id === id) ?? null;

  const jwks = await startJwksServer();
  const accounts = await startFixtureSubgraph<SubgraphContext>({
    name: 'accounts',
    sdlFile: 'accounts.graphql',
    context: subgraphContext,
    resolvers: {
      Query: {
        me: (_: unknown, __: unknown, ctx: SubgraphContext) =>
          ctx.viewer ? { id: ctx.viewer.userId, username: ctx.viewer.username } : null,
        user: (_: unknown, args: { id: string }) => userById(args.id),
      },
      User: {
        __resolveReference: (ref: { id: string }) => userById(ref.id),
        bestFriend: (user: { id: string }) => USERS.find((u) => u.id !== user.id),
      },
    },
  });
  const notes = await startFixtureSubgraph<SubgraphContext>({
    name: 'notes',
    sdlFile: 'notes.graphql',
    context: subgraphContext,
    resolvers: {
      Query: {
        notes: (_: unknown, args: { first?: number }) => NOTES.slice(0, args.first ?? NOTES.length),
        explode: () => {
          throw new Error(`connect ECONNREFUSED ${LEAKY_SECRET}`);
        },
        missingNote: (_: unknown, args: { id: string }) => {
          throw new GraphQLError(`No note ${args.id}`, { extensions: { code: 'NOT_FOUND', reason: 'NOTES.NOT_FOUND', field: 'id' } });
        },
      },
      Note: {
        __resolveReference: (ref: { id: string }) => NOTES.find((n) => n.id === ref.id),
        author: (note: { authorId: string }) => ({ __typename: 'User', id: note.authorId }),
      },
      User: {
        notes: (user: { id: string }) => NOTES.filter((n) => n.authorId === user.id),
      },
    },
  });

  const dir = await tempDir('agora-gateway-test-');
  const supergraphPath = join(dir.path, 'supergraph.graphql');
  const composed = composeSupergraph(
    await Promise.all(
      [
        { name: 'accounts', file: 'accounts.graphql', port: 4901 },
        { name: 'notes', file: 'notes.graphql', port: 4902 },
      ].map(async (s) => ({
        name: s.name,
        url: `http://localhost:${s.port}/graphql`,
        sdl: await readFile(join(FIXTURES_DIR, 'sdl', s.file), 'utf8'),
      })),
    ),
  );
  if (!composed.ok) throw new Error(`fixture composition failed: ${composed.errors.map((e) => e.message).join('; ')}`);
  await writeFile(supergraphPath, renderSupergraphFile(composed.supergraphSdl, ['accounts', 'notes']));

  const config = loadGatewayConfig({
    HOST: '127.0.0.1',
    GATEWAY_PORT: String(await freePort()),
    LOG_LEVEL: 'silent',
    SUPERGRAPH_PATH: supergraphPath,
    IDENTITY_JWKS_URL: jwks.jwksUrl,
    AGORA_INTERNAL_SECRET: internalSecret,
    ACCOUNTS_URL: accounts.url,
    // A base URL: the gateway adds /graphql.
    NOTES_URL: notes.url.replace(/\/graphql$/, ''),
    // No NATS here (nothing listens on a fresh free port): these tests are about HTTP, and the
    // gateway must not attach to a developer's NATS on the default port.
    NATS_URL: `nats://127.0.0.1:${await freePort()}`,
    // (Production refuses `off`: a production-mode harness keeps the budget on.)
    ...(options.env?.NODE_ENV === 'production' ? {} : { AGORA_RATE_LIMITS: 'off' }),
    // No NATS, so no revocation list to wait for (production would wait: ADR 14).
    GATEWAY_REVOCATIONS_REQUIRED: 'false',
    ...options.env,
  });
  const gateway = await startGateway(config);
  const closeAll = async () => {
    await gateway.close();
    await Promise.all([accounts.close(), notes.close(), jwks.close()]);
    await dir.remove();
  };
  try {
    await gateway.ready;
  } catch (error) {
    await closeAll();
    throw error;
  }
  return {
    gateway,
    url: gateway.url,
    jwks,
    accounts,
    notes,
    internalSecret,
    subgraphCalls: () => accounts.received.length + notes.received.length,
    close: closeAll,
  };
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newEventId, STREAMS } from '@agora/events';
import { connectNats, ensureStreams, isNatsConnected, OutboxRelay } from '@agora/messaging';
import { createOutboxStore, openDatabase, type Database, type DatabaseOptions } from '@agora/prisma-kit';
import { createLogger, startSubgraphServer, type Logger } from '@agora/service-kit';
import { parse } from 'graphql';
import type { Clock } from './application/ports';
import type { IdentityConfig } from './config';
import type { IdentityContext } from './graphql/context';
import { createLoaders } from './graphql/loaders';
import { resolvers } from './graphql/resolvers';
import type { ThrottlePolicy } from './infrastructure/in-memory-login-throttle';
import { PrismaAccountRepository } from './infrastructure/prisma-account.repository';
import { PrismaClient } from './infrastructure/prisma-client';
import { generateSigningKey, importPrivateKey } from './infrastructure/signing-keys/ed25519-signing-key';
import { JoseAccessTokenIssuer } from './infrastructure/signing-keys/jose-access-token-issuer';
import { jwksRoute } from './infrastructure/signing-keys/jwks.route';
import { PrismaSigningKeyRepository } from './infrastructure/signing-keys/prisma-signing-key.repository';
import { createUseCases } from './use-cases';

const MIGRATIONS_DIR = fileURLToPath(new URL('../prisma/migrations', import.meta.url));
const typeDefs = parse(readFileSync(fileURLToPath(new URL('./graphql/schema.graphql', import.meta.url)), 'utf8'));

type Adapter = Database['adapter'];

/** Test seams; production passes at most `logger`. */
export interface IdentityOverrides {
  logger?: Logger;
  /** Instead of the config's Postgres URL / PGlite directory (e.g. `{ memory: true }`). */
  database?: DatabaseOptions;
  /** Wraps the driver adapter, e.g. with prisma-kit's countStatements. */
  wrapAdapter?: (adapter: Adapter) => Adapter;
  throttle?: ThrottlePolicy;
  clock?: Clock;
}

export interface RunningIdentity {
  url: string;
  port: number;
  /** Base URL of the HTTP server (JWKS, health), without `/graphql`. */
  origin: string;
  prisma: PrismaClient;
  relay: OutboxRelay;
  stop(): Promise<void>;
}

const systemClock: Clock = { now: () => new Date() };

/** Opens the database, migrates, connects NATS, starts the relay and the subgraph server. */
export async function startIdentity(config: IdentityConfig, overrides: IdentityOverrides = {}): Promise<RunningIdentity> {
  const logger = overrides.logger ?? createLogger('identity', config.logLevel);
  const clock = overrides.clock ?? systemClock;
  // Undone in reverse if start-up fails half-way, so a failed start leaks nothing.
  const cleanup: (() => Promise<unknown>)[] = [];
  const unwind = async () => {
    for (const step of cleanup.reverse()) await step().catch((err: unknown) => logger.error({ err }, 'cleanup after failed start'));
  };

  try {
    const db = await openDatabase(overrides.database ?? databaseOptions(config));
    cleanup.push(() => db.close());
    const { applied } = await db.migrate(MIGRATIONS_DIR);
    if (applied.length > 0) logger.info({ applied }, 'migrations applied');

    const adapter = overrides.wrapAdapter ? overrides.wrapAdapter(db.adapter) : db.adapter;
    const prisma = new PrismaClient({ adapter });
    cleanup.push(() => prisma.$disconnect());

    const nc = await connectNats({ servers: config.natsUrl, name: 'identity', logger });
    cleanup.push(() => nc.drain());
    await ensureStreams(nc, [STREAMS.IDENTITY]);
    const relay = new OutboxRelay({ store: createOutboxStore(prisma), nc, logger });
    relay.start();
    cleanup.push(() => relay.stop());

    const signingKeys = new PrismaSigningKeyRepository(prisma);
    const activeKey = await signingKeys.activeKey(generateSigningKey, clock.now());
    logger.info({ kid: activeKey.kid }, 'signing access tokens');
    const accessTokens = new JoseAccessTokenIssuer(
      { kid: activeKey.kid, privateKey: await importPrivateKey(activeKey) },
      { issuer: config.auth.issuer, audience: config.auth.audience, ttlSeconds: config.auth.accessTokenTtlSeconds },
    );

    const accounts = new PrismaAccountRepository(prisma, () => relay.wake());
    const useCases = createUseCases({
      prisma,
      accounts,
      accessTokens,
      refreshTokenTtlSeconds: config.auth.refreshTokenTtlSeconds,
      clock,
      ids: newEventId,
      logger,
      throttle: overrides.throttle,
    });

    const server = await startSubgraphServer<IdentityContext>({
      name: 'identity',
      host: config.host,
      port: config.port,
      typeDefs,
      resolvers,
      createContext: (base) => ({ ...base, useCases, loaders: createLoaders(accounts) }),
      readiness: async () => {
        const database = await db.ping().then(
          () => true,
          () => false,
        );
        const nats = isNatsConnected(nc);
        // Migrations ran before the server started, so they are applied whenever we answer.
        return { ready: database && nats, checks: { database, migrations: true, nats } };
      },
      internalSecret: config.internalSecret,
      logger,
      routes: jwksRoute(signingKeys),
    });
    cleanup.push(() => server.close());

    let stopping: Promise<void> | undefined;
    return {
      url: server.url,
      port: server.port,
      origin: new URL(server.url).origin,
      prisma,
      relay,
      stop: () => {
        // server → (no consumers yet) → relay → NATS → Prisma → database: the same as unwinding.
        stopping ??= unwind();
        return stopping;
      },
    };
  } catch (error) {
    await unwind();
    throw error;
  }
}

function databaseOptions(config: IdentityConfig): DatabaseOptions {
  return config.databaseUrl ? { url: config.databaseUrl } : { dataDir: join(config.dataDir, 'identity') };
}

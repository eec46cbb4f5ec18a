import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { newEventId, STREAMS } from '@agora/events';
import { databaseFor, startContext, type RunningContext, type RuntimeOverrides } from '@agora/context-runtime';
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

/** Test seams; production passes at most `logger`. */
export interface IdentityOverrides extends RuntimeOverrides {
  throttle?: ThrottlePolicy;
  clock?: Clock;
}

export type RunningIdentity = RunningContext<PrismaClient>;

const systemClock: Clock = { now: () => new Date() };

/**
 * Starts identity (database → Prisma → NATS → relay → server, see @agora/context-runtime) with the
 * active signing key loaded (generated on first start) and its JWKS published.
 */
export async function startIdentity(config: IdentityConfig, overrides: IdentityOverrides = {}): Promise<RunningIdentity> {
  const clock = overrides.clock ?? systemClock;
  return startContext<PrismaClient, IdentityContext>(
    {
      name: 'identity',
      migrationsDir: MIGRATIONS_DIR,
      createPrisma: (adapter) => new PrismaClient({ adapter }),
      streams: [STREAMS.IDENTITY],
      compose: async ({ prisma, relay, logger }) => {
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
        return {
          typeDefs,
          resolvers,
          createContext: (base) => ({ ...base, useCases, loaders: createLoaders(accounts) }),
          routes: jwksRoute(signingKeys),
        };
      },
    },
    { ...config, database: databaseFor('identity', config) },
    overrides,
  );
}

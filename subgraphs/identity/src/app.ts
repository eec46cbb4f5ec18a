import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { STREAMS } from '@agora/events';
import {
  createCommandPipeline,
  databaseFor,
  startContext,
  systemClock,
  uuidV7,
  type Clock,
  type RunningContext,
  type RuntimeOverrides,
} from '@agora/context-runtime';
import { parse } from 'graphql';
import { identityCommandRunner, type IdentityPorts } from './application/ports';
import { SessionIssuer } from './application/session/session-issuer';
import type { IdentityConfig } from './config';
import type { IdentityContext } from './graphql/context';
import { createLoaders } from './graphql/loaders';
import { resolvers } from './graphql/resolvers';
import { Argon2PasswordHasher } from './infrastructure/argon2-password-hasher';
import { CryptoRefreshTokenSecrets } from './infrastructure/crypto-refresh-token-secrets';
import { InMemoryLoginThrottle, type ThrottlePolicy } from './infrastructure/in-memory-login-throttle';
import { PrismaAccountRepository } from './infrastructure/prisma-account.repository';
import { PrismaClient } from './infrastructure/prisma-client';
import { PrismaSessionRepository } from './infrastructure/prisma-session.repository';
import { generateSigningKey, importPrivateKey } from './infrastructure/signing-keys/ed25519-signing-key';
import { JoseAccessTokenIssuer } from './infrastructure/signing-keys/jose-access-token-issuer';
import { jwksRoute } from './infrastructure/signing-keys/jwks.route';
import { PrismaSigningKeyRepository } from './infrastructure/signing-keys/prisma-signing-key.repository';

const MIGRATIONS_DIR = fileURLToPath(new URL('../prisma/migrations', import.meta.url));
const typeDefs = parse(readFileSync(fileURLToPath(new URL('./graphql/schema.graphql', import.meta.url)), 'utf8'));

/** Test seams; production passes at most `logger`. */
export interface IdentityOverrides extends RuntimeOverrides {
  throttle?: ThrottlePolicy;
  clock?: Clock;
}

export type RunningIdentity = RunningContext<PrismaClient>;

/**
 * Starts identity (database → Prisma → NATS → relay → server, see @agora/context-runtime) with the
 * active signing key loaded (generated on first start) and its JWKS published. This is the
 * composition root: identity's ports get their adapters here.
 */
export async function startIdentity(config: IdentityConfig, overrides: IdentityOverrides = {}): Promise<RunningIdentity> {
  const { clock = systemClock, throttle, ...runtime } = overrides;
  return startContext<PrismaClient, IdentityContext>(
    {
      name: 'identity',
      migrationsDir: MIGRATIONS_DIR,
      createPrisma: (adapter, options) => new PrismaClient({ adapter, ...options }),
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
        const refreshSecrets = new CryptoRefreshTokenSecrets();
        const ports: IdentityPorts = {
          accounts,
          sessionStore: new PrismaSessionRepository(prisma, logger),
          // OWASP argon2id cost in every environment (only use-case tests use a cheaper one).
          hasher: new Argon2PasswordHasher(),
          throttle: new InMemoryLoginThrottle(throttle),
          refreshSecrets,
          sessions: new SessionIssuer({
            accessTokens,
            refreshSecrets,
            ids: uuidV7,
            refreshTokenTtlSeconds: config.auth.refreshTokenTtlSeconds,
          }),
        };
        const commands = createCommandPipeline({ context: 'IDENTITY', unitOfWork: identityCommandRunner(ports), clock, ids: uuidV7 });
        return {
          typeDefs,
          resolvers,
          createContext: (base) => ({ ...base, commands, loaders: createLoaders(accounts) }),
          routes: jwksRoute(signingKeys),
        };
      },
    },
    { ...config, database: databaseFor('identity', config) },
    runtime,
  );
}

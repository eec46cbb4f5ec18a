import type { Logger } from '@agora/service-kit';
import { LogInHandler } from './application/log-in/log-in.handler';
import { LogOutHandler } from './application/log-out/log-out.handler';
import type { AccessTokenIssuer, Clock, IdGenerator } from './application/ports';
import { RefreshSessionHandler } from './application/refresh-session/refresh-session.handler';
import { RegisterAccountHandler } from './application/register-account/register-account.handler';
import { SessionIssuer } from './application/session/session-issuer';
import { Argon2PasswordHasher } from './infrastructure/argon2-password-hasher';
import { CryptoRefreshTokenSecrets } from './infrastructure/crypto-refresh-token-secrets';
import { InMemoryLoginThrottle, type ThrottlePolicy } from './infrastructure/in-memory-login-throttle';
import type { PrismaAccountRepository } from './infrastructure/prisma-account.repository';
import { PrismaSessionRepository } from './infrastructure/prisma-session.repository';
import type { PrismaClient } from './infrastructure/prisma-client';
import type { IdentityUseCases } from './graphql/context';

export interface UseCaseDeps {
  prisma: PrismaClient;
  accounts: PrismaAccountRepository;
  accessTokens: AccessTokenIssuer;
  refreshTokenTtlSeconds: number;
  clock: Clock;
  ids: IdGenerator;
  logger: Logger;
  throttle?: ThrottlePolicy;
}

/** The composition root of the use cases: ports → adapters. */
export function createUseCases(deps: UseCaseDeps): IdentityUseCases {
  const { accounts, clock, ids } = deps;
  const sessionStore = new PrismaSessionRepository(deps.prisma, deps.logger);
  // OWASP argon2id cost in every environment (only unit tests use a cheaper one).
  const hasher = new Argon2PasswordHasher();
  const refreshSecrets = new CryptoRefreshTokenSecrets();
  const throttle = new InMemoryLoginThrottle(deps.throttle);
  const sessions = new SessionIssuer({
    accessTokens: deps.accessTokens,
    refreshSecrets,
    ids,
    refreshTokenTtlSeconds: deps.refreshTokenTtlSeconds,
  });
  return {
    register: new RegisterAccountHandler({ accounts, hasher, sessions, clock, ids }),
    logIn: new LogInHandler({ accounts, sessionStore, hasher, throttle, sessions, clock }),
    refreshSession: new RefreshSessionHandler({ sessionStore, refreshSecrets, sessions, clock }),
    logOut: new LogOutHandler({ sessionStore, refreshSecrets, clock }),
  };
}

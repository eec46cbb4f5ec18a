import { Argon2PasswordHasher } from '../../infrastructure/argon2-password-hasher';
import { CryptoRefreshTokenSecrets } from '../../infrastructure/crypto-refresh-token-secrets';
import { InMemoryLoginThrottle, type ThrottlePolicy } from '../../infrastructure/in-memory-login-throttle';
import { LogInHandler } from '../log-in/log-in.handler';
import { LogOutHandler } from '../log-out/log-out.handler';
import type { AccessTokenIssuer, Clock } from '../ports';
import { RefreshSessionHandler } from '../refresh-session/refresh-session.handler';
import type { RegisterAccountInput } from '../register-account/register-account.handler';
import { RegisterAccountHandler } from '../register-account/register-account.handler';
import { SessionIssuer } from '../session/session-issuer';
import { InMemoryIdentityStore } from './in-memory-identity-store';

/** A clock tests move by hand. */
export class FixedClock implements Clock {
  constructor(private current = new Date('2026-01-01T00:00:00.000Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** Readable fake access tokens: `access:<accountId>:<n>`. */
export class FakeAccessTokens implements AccessTokenIssuer {
  issued = 0;
  constructor(private readonly ttlSeconds = 900) {}
  async issue(subject: { accountId: string; username: string }, now: Date) {
    this.issued += 1;
    return { token: `access:${subject.accountId}:${this.issued}`, expiresAt: new Date(now.getTime() + this.ttlSeconds * 1000) };
  }
}

/** Spy around the real argon2 hasher (at a tiny cost — unit tests only) that records verifications. */
export class RecordingHasher extends Argon2PasswordHasher {
  readonly verifiedAgainst: (string | null)[] = [];
  constructor() {
    super({ memoryCost: 8, timeCost: 1, parallelism: 1 });
  }
  override verify(storedHash: string | null, password: string): Promise<boolean> {
    this.verifiedAgainst.push(storedHash);
    return super.verify(storedHash, password);
  }
}

export const REFRESH_TTL_SECONDS = 3600;

/** Every identity use case wired to in-memory ports. */
export function identityTestKit(options: { throttle?: ThrottlePolicy } = {}) {
  const store = new InMemoryIdentityStore();
  const clock = new FixedClock();
  let seq = 0;
  const ids = () => `00000000-0000-7000-8000-${String(++seq).padStart(12, '0')}`;
  const hasher = new RecordingHasher();
  const refreshSecrets = new CryptoRefreshTokenSecrets();
  const accessTokens = new FakeAccessTokens();
  const throttle = new InMemoryLoginThrottle(options.throttle);
  const sessions = new SessionIssuer({ accessTokens, refreshSecrets, ids, refreshTokenTtlSeconds: REFRESH_TTL_SECONDS });
  return {
    store,
    clock,
    hasher,
    throttle,
    register: new RegisterAccountHandler({ accounts: store, hasher, sessions, clock, ids }),
    logIn: new LogInHandler({ accounts: store, sessionStore: store, hasher, throttle, sessions, clock }),
    refresh: new RefreshSessionHandler({ sessionStore: store, refreshSecrets, sessions, clock }),
    logOut: new LogOutHandler({ sessionStore: store, refreshSecrets, clock }),
  };
}

/** Test-data builder for registrations. */
export function aRegistration(overrides: Partial<RegisterAccountInput> = {}): RegisterAccountInput {
  return { email: 'ana@example.com', password: 'correct horse battery', username: 'ana', ...overrides };
}

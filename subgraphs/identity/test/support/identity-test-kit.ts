import { createCommandPipeline, type CommandDefinition, type ViewerRule } from '@agora/context-runtime';
import type { Viewer } from '@agora/service-kit';
import { TestClock } from '@agora/testing';
import type { z } from 'zod';
import { identityCommandRunner, type AccessTokenIssuer, type AuditLog, type IdentityPorts } from '../../src/application/ports';
import { logIn } from '../../src/application/log-in/log-in.command';
import { logOut } from '../../src/application/log-out/log-out.command';
import { refreshSession } from '../../src/application/refresh-session/refresh-session.command';
import { registerAccount, type RegisterAccountInput } from '../../src/application/register-account/register-account.command';
import { SessionIssuer } from '../../src/application/session/session-issuer';
import { changePassword } from '../../src/application/change-password/change-password.command';
import { DEFAULT_RATE_LIMITS, type RateLimitPolicy } from '../../src/application/rate-limits';
import { planPasswordReset } from '../../src/application/request-password-reset/handle-password-reset-request';
import { requestPasswordReset } from '../../src/application/request-password-reset/request-password-reset.command';
import { resendVerificationEmail } from '../../src/application/resend-verification-email/resend-verification-email.command';
import { resetPassword } from '../../src/application/reset-password/reset-password.command';
import { InMemoryIdentityStore, PlainAccountMails } from '../../src/application/testing/in-memory-identity-store';
import { verifyEmail } from '../../src/application/verify-email/verify-email.command';
import { setRole } from '../../src/application/roles/set-role.command';
import { Argon2PasswordHasher } from '../../src/infrastructure/argon2-password-hasher';
import { CryptoRefreshTokenSecrets } from '../../src/infrastructure/crypto-refresh-token-secrets';
import { FlexibleRateLimits } from '../../src/infrastructure/flexible-rate-limits';

/**
 * Identity's use cases over the in-memory store, with the REAL password hasher (argon2id at a tiny
 * cost), refresh-token secrets and rate limits (over memory): what these tests assert (argon2id hashes,
 * 43-character secrets, the limits) is what those adapters do, so the kit lives here,
 * beside the integration tests, and not in `src/application/testing` (which may import only
 * domain and application code).
 */

/** Audit lines as the pino adapter would write them. */
export class RecordingAuditLog implements AuditLog {
  readonly entries: { entry: Record<string, unknown>; message: string }[] = [];
  record(entry: Record<string, unknown>, message: string): void {
    this.entries.push({ entry, message });
  }
}

/** Readable fake access tokens: `access:<accountId>:<n>[:verified][:<role above MEMBER>]`. */
export class FakeAccessTokens implements AccessTokenIssuer {
  issued = 0;
  constructor(private readonly ttlSeconds = 900) {}
  async issue(subject: { accountId: string; username: string; emailVerified: boolean; role?: string }, now: Date) {
    this.issued += 1;
    const role = subject.role && subject.role !== 'MEMBER' ? `:${subject.role}` : '';
    return {
      token: `access:${subject.accountId}:${this.issued}${subject.emailVerified ? ':verified' : ''}${role}`,
      expiresAt: new Date(now.getTime() + this.ttlSeconds * 1000),
    };
  }
}

/** Spy around the real argon2 hasher (at a tiny cost — tests only) that records verifications. */
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

/**
 * Every identity use case wired as app.ts wires it (the command pipeline over identity's ports),
 * each callable as the graph calls it: `kit.register.execute(input, { requestId?, clientIp?, as? })`
 * — by default nobody signed in, the request id as the events' correlation. Rate limits are the
 * real rate-limiter-flexible adapter over memory (`limits` overrides rules).
 */
export function identityTestKit(
  options: { limits?: Partial<RateLimitPolicy>; requireVerifiedEmail?: boolean; bootstrapAdminEmail?: string } = {},
) {
  const store = new InMemoryIdentityStore();
  const clock = new TestClock(new Date('2026-01-01T00:00:00.000Z'));
  let seq = 0;
  const ids = { newId: () => `00000000-0000-7000-8000-${String(++seq).padStart(12, '0')}` };
  const hasher = new RecordingHasher();
  const refreshSecrets = new CryptoRefreshTokenSecrets();
  const rateLimits = FlexibleRateLimits.memory({ ...DEFAULT_RATE_LIMITS, ...options.limits });
  const mails = new PlainAccountMails();
  const audit = new RecordingAuditLog();
  const sessions = new SessionIssuer({
    accessTokens: new FakeAccessTokens(),
    refreshSecrets,
    ids,
    refreshTokenTtlSeconds: REFRESH_TTL_SECONDS,
  });
  const ports: IdentityPorts = {
    accounts: store,
    sessionStore: store,
    hasher,
    rateLimits,
    refreshSecrets,
    sessions,
    resetRequests: store,
    mails,
    policy: { requireVerifiedEmail: options.requireVerifiedEmail ?? false, bootstrapAdminEmail: options.bootstrapAdminEmail ?? null },
    audit,
  };
  const commands = createCommandPipeline({
    context: 'IDENTITY',
    unitOfWork: identityCommandRunner(ports),
    clock,
    ids,
    requireVerifiedEmail: options.requireVerifiedEmail ?? false,
  });
  const anonymous = <S extends z.ZodType, R, Rule extends ViewerRule>(command: CommandDefinition<S, R, IdentityPorts, Rule>) => ({
    execute: (input: unknown, call: { requestId?: string; clientIp?: string | null; as?: Viewer } | string = {}) => {
      const { requestId = 'req-test', clientIp = null, as = null } = typeof call === 'string' ? { requestId: call } : call;
      return commands.execute(command, { input, viewer: as, requestId, clientIp });
    },
  });
  /** What PasswordResetProcessor does, over the store: each unhandled request → token + mail, or nothing. */
  const processResets = async () => {
    for (const request of store.resetRequests.filter((r) => r.handledAt === null)) {
      const found = await store.findAccount({ email: request.email });
      const work = planPasswordReset(found?.account ?? null, clock.now(), { secrets: refreshSecrets, mails, ids });
      if (work) await store.issueToken(work.token, [work.mail]);
      request.handledAt = clock.now();
    }
  };
  return {
    store,
    clock,
    audit,
    ports,
    ids,
    hasher,
    rateLimits,
    processResets,
    register: anonymous(registerAccount),
    logIn: anonymous(logIn),
    refresh: anonymous(refreshSession),
    logOut: anonymous(logOut),
    verifyEmail: anonymous(verifyEmail),
    resendVerification: anonymous(resendVerificationEmail),
    requestReset: anonymous(requestPasswordReset),
    resetPassword: anonymous(resetPassword),
    changePassword: anonymous(changePassword),
    setRole: anonymous(setRole),
  };
}

/** Test-data builder for registrations. */
export function aRegistration(overrides: Partial<RegisterAccountInput> = {}): RegisterAccountInput {
  return { email: 'ana@example.com', password: 'correct horse battery', username: 'ana', ...overrides };
}

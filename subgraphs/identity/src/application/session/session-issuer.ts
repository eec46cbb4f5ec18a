import type { IdGenerator } from '@agora/kernel';
import { refreshTokenExpiry } from '../../domain/session/refresh-token';
import type { AccessTokenIssuer, NewRefreshToken, NewSession, RefreshTokenSecrets } from '../ports';
import { DEFAULT_ROLE } from '../../domain/account/role';
import type { AccountView, AuthSession } from '../read-models';

/** An account as a session is issued for: a stored AccountView, or a just-created one (defaults for what it lacks). */
export type SessionAccount = Pick<AccountView, 'id' | 'email' | 'username' | 'createdAt'> &
  Partial<Pick<AccountView, 'emailVerifiedAt' | 'role' | 'suspendedAt' | 'suspendedUntil'>>;

export interface SessionIssuerDeps {
  accessTokens: AccessTokenIssuer;
  refreshSecrets: RefreshTokenSecrets;
  ids: IdGenerator;
  refreshTokenTtlSeconds: number;
}

/** Mints the token pair every successful register / login / refresh hands out. */
export class SessionIssuer {
  constructor(private readonly deps: SessionIssuerDeps) {}

  /** A new family with its first token (one per login or registration). */
  newSession(accountId: string, now: Date): { session: NewSession; refreshToken: string } {
    const familyId = this.deps.ids.newId();
    const { record, refreshToken } = this.nextToken(familyId, now);
    return { session: { familyId, accountId, createdAt: now, firstToken: record }, refreshToken };
  }

  /** The successor of a rotated token, in the same family. */
  nextToken(familyId: string, now: Date): { record: NewRefreshToken; refreshToken: string } {
    const { token, digest } = this.deps.refreshSecrets.generate();
    return {
      refreshToken: token,
      record: {
        id: this.deps.ids.newId(),
        familyId,
        digest,
        createdAt: now,
        expiresAt: refreshTokenExpiry(now, this.deps.refreshTokenTtlSeconds),
      },
    };
  }

  /**
   * The AuthPayload of a session. The access token's `email_verified` is `account.emailVerifiedAt
   * !== null` (absent = not verified, e.g. a just-created Account aggregate), its `role` the
   * account's (absent = MEMBER).
   */
  async authSession(account: SessionAccount, refreshToken: string, now: Date): Promise<AuthSession> {
    const view: AccountView = {
      id: account.id,
      email: account.email,
      username: account.username,
      createdAt: account.createdAt,
      emailVerifiedAt: account.emailVerifiedAt ?? null,
      role: account.role ?? DEFAULT_ROLE,
      suspendedAt: account.suspendedAt ?? null,
      suspendedUntil: account.suspendedUntil ?? null,
    };
    const access = await this.deps.accessTokens.issue(
      { accountId: view.id, username: view.username, emailVerified: view.emailVerifiedAt !== null, role: view.role },
      now,
    );
    return { accessToken: access.token, expiresAt: access.expiresAt, refreshToken, account: view };
  }
}

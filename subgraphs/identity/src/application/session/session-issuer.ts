import type { IdGenerator } from '@agora/kernel';
import { refreshTokenExpiry } from '../../domain/session/refresh-token';
import type { AccessTokenIssuer, NewRefreshToken, NewSession, RefreshTokenSecrets } from '../ports';
import type { AccountView, AuthSession } from '../read-models';

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

  async authSession(account: AccountView, refreshToken: string, now: Date): Promise<AuthSession> {
    const access = await this.deps.accessTokens.issue({ accountId: account.id, username: account.username }, now);
    return { accessToken: access.token, expiresAt: access.expiresAt, refreshToken, account };
  }
}

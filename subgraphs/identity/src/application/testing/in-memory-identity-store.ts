import type { EventMetadata } from '@agora/kernel';
import type { Account } from '../../domain/account/account.aggregate';
import type { AccountEvent } from '../../domain/account/account.events';
import type { RefreshTokenState, RevocationReason } from '../../domain/session/refresh-token';
import { IdentityErrors } from '../identity.errors';
import type { AccountRepository, NewRefreshToken, NewSession, SessionRepository } from '../ports';
import type { AccountView } from '../read-models';

interface StoredFamily {
  accountId: string;
  revokedAt: Date | null;
  reason: RevocationReason | null;
}

/** In-memory stand-in for the Prisma repositories, with the same uniqueness and atomicity rules. */
export class InMemoryIdentityStore implements AccountRepository, SessionRepository {
  readonly accounts = new Map<string, { account: AccountView; passwordHash: string }>();
  readonly families = new Map<string, StoredFamily>();
  readonly tokens = new Map<string, NewRefreshToken & { usedAt: Date | null }>();
  /** Each event with what its envelope takes from the command's metadata: the request's correlation (the actor is the new account). */
  readonly outbox: { event: AccountEvent; meta: Pick<EventMetadata, 'correlationId'> }[] = [];

  async register(account: Account, passwordHash: string, session: NewSession, metadata: EventMetadata): Promise<void> {
    const all = [...this.accounts.values()].map((a) => a.account);
    if (all.some((a) => a.email === account.email)) throw IdentityErrors.emailTaken();
    if (all.some((a) => a.username === account.username)) throw IdentityErrors.usernameTaken();
    const view: AccountView = { id: account.id, email: account.email, username: account.username, createdAt: account.createdAt };
    this.accounts.set(account.id, { account: view, passwordHash });
    for (const event of account.pullEvents()) this.outbox.push({ event, meta: { correlationId: metadata.correlationId } });
    await this.start(session);
  }

  async findCredentialByEmail(email: string) {
    return [...this.accounts.values()].find((a) => a.account.email === email) ?? null;
  }

  async findCredentialByUsername(username: string) {
    return [...this.accounts.values()].find((a) => a.account.username === username) ?? null;
  }

  async start(session: NewSession): Promise<void> {
    this.families.set(session.familyId, { accountId: session.accountId, revokedAt: null, reason: null });
    this.tokens.set(session.firstToken.id, { ...session.firstToken, usedAt: null });
  }

  async findByDigest(digest: string): Promise<{ token: RefreshTokenState; account: AccountView } | null> {
    const token = [...this.tokens.values()].find((t) => t.digest === digest);
    if (!token) return null;
    const family = this.families.get(token.familyId)!;
    return {
      token: {
        tokenId: token.id,
        familyId: token.familyId,
        accountId: family.accountId,
        expiresAt: token.expiresAt,
        usedAt: token.usedAt,
        familyRevokedAt: family.revokedAt,
      },
      account: this.accounts.get(family.accountId)!.account,
    };
  }

  async rotate(usedTokenId: string, next: NewRefreshToken, now: Date): Promise<boolean> {
    const used = this.tokens.get(usedTokenId);
    if (!used || used.usedAt !== null) return false;
    used.usedAt = now;
    this.tokens.set(next.id, { ...next, usedAt: null });
    return true;
  }

  async revokeFamily(familyId: string, reason: RevocationReason, now: Date): Promise<void> {
    const family = this.families.get(familyId);
    if (family && family.revokedAt === null) Object.assign(family, { revokedAt: now, reason });
  }
}

import { isUuid, type EventMetadata } from '@agora/kernel';
import { appendToOutbox } from '@agora/prisma-kit';
import type { Account } from '../domain/account/account.aggregate';
import { IdentityErrors } from '../application/identity.errors';
import type { AccountReader, AccountRepository, NewSession } from '../application/ports';
import type { AccountView } from '../application/read-models';
import { toEnvelope } from './account-events.mapper';
import type { PrismaClient } from './prisma-client';
import { uniqueViolationTarget } from './prisma-errors';

const accountView = { id: true, email: true, username: true, createdAt: true } as const;

export class PrismaAccountRepository implements AccountRepository, AccountReader {
  constructor(
    private readonly prisma: PrismaClient,
    /** Called after a commit that wrote outbox rows (wakes the relay). */
    private readonly afterOutboxCommit: () => void = () => {},
  ) {}

  async register(account: Account, passwordHash: string, session: NewSession, metadata: EventMetadata): Promise<void> {
    const envelopes = account.pullEvents().map((event) => toEnvelope(event, metadata));
    const { firstToken } = session;
    try {
      await this.prisma.$transaction(async (tx) => {
        await tx.account.create({
          data: {
            id: account.id,
            email: account.email,
            username: account.username,
            createdAt: account.createdAt,
            credential: { create: { passwordHash, updatedAt: account.createdAt } },
            families: {
              create: {
                id: session.familyId,
                createdAt: session.createdAt,
                tokens: {
                  create: {
                    id: firstToken.id,
                    digest: firstToken.digest,
                    createdAt: firstToken.createdAt,
                    expiresAt: firstToken.expiresAt,
                  },
                },
              },
            },
          },
          select: { id: true },
        });
        await appendToOutbox(tx, envelopes);
      });
    } catch (error) {
      throw translateUniqueViolation(error);
    }
    this.afterOutboxCommit();
  }

  findCredentialByEmail(email: string) {
    return this.findCredential({ email });
  }

  findCredentialByUsername(username: string) {
    return this.findCredential({ username });
  }

  async findByIds(ids: readonly string[]): Promise<AccountView[]> {
    // A non-UUID (e.g. a forged entity reference) would make Postgres fail the whole batch.
    const valid = ids.filter(isUuid);
    if (valid.length === 0) return [];
    return this.prisma.account.findMany({ where: { id: { in: valid } }, select: accountView });
  }

  async findByUsernames(usernames: readonly string[]): Promise<AccountView[]> {
    return this.prisma.account.findMany({ where: { username: { in: [...usernames] } }, select: accountView });
  }

  private async findCredential(where: { email: string } | { username: string }) {
    const row = await this.prisma.account.findUnique({
      where,
      select: { ...accountView, credential: { select: { passwordHash: true } } },
    });
    if (!row?.credential) return null;
    const { credential, ...account } = row;
    return { account, passwordHash: credential.passwordHash };
  }
}

/** The unique constraints decide races between registrations; name the field that clashed. */
function translateUniqueViolation(error: unknown): unknown {
  const target = uniqueViolationTarget(error);
  if (target === null) return error;
  if (target.includes('email')) return IdentityErrors.emailTaken();
  if (target.includes('username')) return IdentityErrors.usernameTaken();
  return error;
}

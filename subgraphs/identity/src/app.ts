import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { STREAMS } from '@agora/events';
import {
  contextUnitOfWork,
  createCommandPipeline,
  databaseFor,
  eventHandlers,
  startContext,
  systemClock,
  uuidV7,
  type Clock,
  type RunningContext,
  type RuntimeOverrides,
} from '@agora/context-runtime';
import { createMailWorker } from '@agora/mail';
import { parse } from 'graphql';
import { liftSuspensionOnAccountUnsuspended } from './application/lift-suspension-on-account-unsuspended/lift-suspension-on-account-unsuspended.handler';
import { identityCommandRunner, type AuditLog, type IdentityConsumerScope, type IdentityPorts } from './application/ports';
import { recordSuspensionOnAccountSuspended } from './application/record-suspension-on-account-suspended/record-suspension-on-account-suspended.handler';
import { grantAdmin } from './application/roles/grant-admin';
import { NO_RATE_LIMITS, type RateLimitPolicy } from './application/rate-limits';
import { planPasswordReset } from './application/request-password-reset/handle-password-reset-request';
import { SessionIssuer } from './application/session/session-issuer';
import type { IdentityConfig } from './config';
import type { IdentityContext } from './graphql/context';
import { createLoaders } from './graphql/loaders';
import { resolvers } from './graphql/resolvers';
import { Argon2PasswordHasher } from './infrastructure/argon2-password-hasher';
import { CryptoRefreshTokenSecrets } from './infrastructure/crypto-refresh-token-secrets';
import { RenderedAccountMails } from './infrastructure/account-mails';
import { expiredDataSweeper } from './infrastructure/expired-data-sweeper';
import { FlexibleRateLimits } from './infrastructure/flexible-rate-limits';
import { PasswordResetProcessor } from './infrastructure/password-reset-processor';
import { PrismaAccountRepository } from './infrastructure/prisma-account.repository';
import { PrismaClient, type TransactionClient } from './infrastructure/prisma-client';
import { PrismaSessionRepository } from './infrastructure/prisma-session.repository';
import { PrismaSuspensionStore } from './infrastructure/prisma-suspension.store';
import { opsAction, opsRoute } from './infrastructure/ops/ops.route';
import { ownerFileOf, recordOwner, releaseOwner } from './infrastructure/ops/pglite-owner';
import { generateSigningKey, importPrivateKey } from './infrastructure/signing-keys/ed25519-signing-key';
import { JoseAccessTokenIssuer } from './infrastructure/signing-keys/jose-access-token-issuer';
import { ConfiguredOAuthProviders } from './infrastructure/oauth/openid-oauth-providers';
import { PrismaOAuthAccountRepository, PrismaOAuthStateStore } from './infrastructure/oauth/prisma-oauth.repository';
import { jwksRoute } from './infrastructure/signing-keys/jwks.route';
import { devKeyFile, loadKeyEncryption } from './infrastructure/signing-keys/key-encryption';
import { PrismaSigningKeyRepository, type SigningKeyTiming } from './infrastructure/signing-keys/prisma-signing-key.repository';
import { signingKeyWatcher } from './infrastructure/signing-keys/signing-key-rotation';
import { z } from 'zod';

/** Identity's consumers (moderation's suspension facts), each exactly once per event through the inbox. */
export const IDENTITY_CONSUMERS = [recordSuspensionOnAccountSuspended, liftSuspensionOnAccountUnsuspended];

const MIGRATIONS_DIR = fileURLToPath(new URL('../prisma/migrations', import.meta.url));
const typeDefs = parse(readFileSync(fileURLToPath(new URL('./graphql/schema.graphql', import.meta.url)), 'utf8'));

/** Test seams; production passes at most `logger`. */
export interface IdentityOverrides extends RuntimeOverrides {
  /** Instead of the configured limits (null = off). */
  rateLimits?: RateLimitPolicy | null;
  clock?: Clock;
  /** The mail worker's poll interval (tests: short). */
  mailPollIntervalMs?: number;
  /** Signing-key rotation: how often the key table is read, and the timings (tests: short). */
  signingKeys?: { pollIntervalMs?: number } & Partial<SigningKeyTiming>;
}

/** A rotated key is published this long before it signs: longer than the gateway's JWKS refetch cooldown. */
export const SIGNING_KEY_PUBLISH_LEAD_MS = 5_000;
/** Skew allowance added to the access-token TTL before an older key leaves the JWKS. */
const SIGNING_KEY_RETIRE_MARGIN_MS = 60_000;

export type RunningIdentity = RunningContext<PrismaClient>;

/**
 * Starts identity (database → Prisma → NATS → relay → server, see @agora/context-runtime) with the
 * active signing key loaded (generated on first start) and its JWKS published. This is the
 * composition root: identity's ports get their adapters here.
 */
export async function startIdentity(config: IdentityConfig, overrides: IdentityOverrides = {}): Promise<RunningIdentity> {
  const {
    clock = systemClock,
    rateLimits: limitPolicy = config.rateLimits,
    mailPollIntervalMs,
    signingKeys: signingKeyOptions = {},
    ...runtime
  } = overrides;
  const database = runtime.database ?? databaseFor('identity', config);
  // On PGlite this process owns the data directory: recorded BEFORE it is opened (no CLI opens it
  // meanwhile), with the ops channel's URL once it listens (the ops CLIs find it there).
  const ownerFile = ownerFileOf(database);
  if (ownerFile) await recordOwner(ownerFile, { pid: process.pid, opsUrl: null });
  const running = await startContext<PrismaClient, IdentityContext>(
    {
      name: 'identity',
      migrationsDir: MIGRATIONS_DIR,
      createPrisma: (adapter, options) => new PrismaClient({ adapter, ...options }),
      // Publishes IDENTITY; consumes MODERATION (suspensions).
      streams: [STREAMS.IDENTITY, STREAMS.MODERATION],
      compose: async ({ prisma, relay, logger }) => {
        const { encryption, source } = await loadKeyEncryption({
          keyEncryptionKey: config.auth.keyEncryptionKey,
          previousKeyEncryptionKeys: config.auth.previousKeyEncryptionKeys,
          nodeEnv: config.nodeEnv,
          dataDir: config.dataDir,
        });
        const timing: SigningKeyTiming = {
          publishLeadMs: signingKeyOptions.publishLeadMs ?? SIGNING_KEY_PUBLISH_LEAD_MS,
          retireAfterMs: signingKeyOptions.retireAfterMs ?? config.auth.accessTokenTtlSeconds * 1000 + SIGNING_KEY_RETIRE_MARGIN_MS,
        };
        const signingKeys = new PrismaSigningKeyRepository(prisma, encryption);
        const migrated = await signingKeys.encryptPlaintextKeys();
        if (migrated > 0)
          logger.info({ count: migrated }, 'encrypted signing keys stored in plain text or under a previous IDENTITY_KEY_ENCRYPTION_KEY');
        const activeKey = await signingKeys.activeKey(generateSigningKey, clock.now(), timing);
        logger.info(
          { kid: activeKey.kid, keyEncryptionKey: source === 'env' ? 'IDENTITY_KEY_ENCRYPTION_KEY' : devKeyFile(config.dataDir) },
          'signing access tokens',
        );
        const accessTokens = new JoseAccessTokenIssuer(
          { kid: activeKey.kid, privateKey: await importPrivateKey(activeKey) },
          { issuer: config.auth.issuer, audience: config.auth.audience, ttlSeconds: config.auth.accessTokenTtlSeconds },
        );
        const keyWatcher = signingKeyWatcher({
          keys: signingKeys,
          issuer: accessTokens,
          timing,
          clock,
          logger,
          intervalMs: signingKeyOptions.pollIntervalMs ?? 2_000,
        });
        const mailWorker = createMailWorker({ db: prisma, settings: config.mail, logger, clock, pollIntervalMs: mailPollIntervalMs });
        const accounts = new PrismaAccountRepository(
          prisma,
          () => relay.wake(),
          () => mailWorker.wake(),
        );
        const audit: AuditLog = { record: (entry, message) => logger.info(entry, message) };
        if (config.bootstrapAdminEmail) {
          // Idempotent: an ADMIN already writes nothing (the registration of that email makes it ADMIN too).
          const bootstrapped = await grantAdmin(config.bootstrapAdminEmail, { accounts, clock, ids: uuidV7, audit }, 'bootstrap');
          if (!bootstrapped) logger.info('AGORA_BOOTSTRAP_ADMIN_EMAIL: no account has it yet; it becomes ADMIN when it registers');
        }
        const refreshSecrets = new CryptoRefreshTokenSecrets();
        const mails = new RenderedAccountMails(config.mail);
        const resetRequests = new PasswordResetProcessor({
          prisma,
          logger,
          clock,
          plan: (account, now) => planPasswordReset(account, now, { secrets: refreshSecrets, mails, ids: uuidV7 }),
          afterMailCommit: () => mailWorker.wake(),
        });
        const rateLimits = limitPolicy ? FlexibleRateLimits.prisma(prisma, limitPolicy) : NO_RATE_LIMITS;
        const ports: IdentityPorts = {
          accounts,
          sessionStore: new PrismaSessionRepository(prisma, logger),
          // OWASP argon2id cost in every environment (only use-case tests use a cheaper one).
          hasher: new Argon2PasswordHasher(),
          rateLimits,
          refreshSecrets,
          sessions: new SessionIssuer({
            accessTokens,
            refreshSecrets,
            ids: uuidV7,
            refreshTokenTtlSeconds: config.auth.refreshTokenTtlSeconds,
          }),
          resetRequests,
          mails,
          policy: { requireVerifiedEmail: config.requireVerifiedEmail, bootstrapAdminEmail: config.bootstrapAdminEmail },
          audit,
          oauth: {
            // Providers are built now but contact nobody until a sign-in starts (Google's discovery is lazy).
            providers: new ConfiguredOAuthProviders(config.oauth, logger),
            states: new PrismaOAuthStateStore(prisma),
            accounts: new PrismaOAuthAccountRepository(
              prisma,
              () => relay.wake(),
              () => mailWorker.wake(),
            ),
            stateSecrets: refreshSecrets,
          },
        };
        const commands = createCommandPipeline({
          context: 'IDENTITY',
          unitOfWork: identityCommandRunner(ports),
          clock,
          ids: uuidV7,
          requireVerifiedEmail: config.requireVerifiedEmail,
        });
        const consumerUnitOfWork = contextUnitOfWork<TransactionClient, IdentityConsumerScope>({ prisma, relay }, (tx) => ({
          suspensions: new PrismaSuspensionStore(tx),
        }));
        const jwks = jwksRoute(signingKeys);
        const ops = opsRoute({
          secret: config.internalSecret,
          logger,
          actions: {
            'grant-admin': opsAction({
              args: z.object({ email: z.string().trim().min(1).max(254) }),
              run: async ({ email }) => {
                const granted = await grantAdmin(email, { accounts, clock, ids: uuidV7, audit }, 'admin:grant');
                return { accountId: granted?.account.id ?? null, changed: granted?.changed ?? false };
              },
            }),
            'rotate-signing-key': opsAction({
              args: z.object({}),
              // The watcher (every 2 s) publishes it, and signs with it after the publish lead.
              run: async () => ({ kid: await signingKeys.rotate(clock.now()) }),
            }),
          },
        });
        return {
          handlers: eventHandlers(consumerUnitOfWork, IDENTITY_CONSUMERS, { clock }),
          typeDefs,
          resolvers,
          createContext: (base) => ({ ...base, commands, loaders: createLoaders(accounts) }),
          routes: (app) => {
            jwks(app);
            ops(app);
          },
          background: [keyWatcher, mailWorker, resetRequests, expiredDataSweeper(prisma, clock, logger)],
        };
      },
    },
    { ...config, database: databaseFor('identity', config) },
    runtime,
  ).catch(async (error: unknown) => {
    if (ownerFile) await releaseOwner(ownerFile);
    throw error;
  });
  if (!ownerFile) return running;
  try {
    await recordOwner(ownerFile, { pid: process.pid, opsUrl: running.origin });
  } catch (error) {
    await running.stop();
    throw error;
  }
  const stop = running.stop;
  let stopping: Promise<void> | undefined;
  return { ...running, stop: () => (stopping ??= stop().finally(() => releaseOwner(ownerFile))) };
}

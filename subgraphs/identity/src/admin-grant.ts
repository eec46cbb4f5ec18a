/**
 * `npm run admin:grant -- <email>` (root) / `npm run admin:grant -w @agora/identity -- <email>`:
 * makes the account with this email ADMIN (idempotent; identity.account.role-changed.v1 with
 * changedBy null when it changes). A running identity (at IDENTITY_OPS_URL, default
 * http://127.0.0.1:<IDENTITY_PORT>) does it through its ops channel — on PGlite only the running
 * process may open the database; when none is running, the CLI writes the change and its outbox
 * row to the database itself (identity publishes the event at its next start).
 */
import { systemClock, uuidV7 } from '@agora/context-runtime';
import { loadConfig } from '@agora/service-kit';
import { grantAdmin } from './application/roles/grant-admin';
import { identityConfigSchema } from './config';
import { PrismaAccountRepository } from './infrastructure/prisma-account.repository';
import { askRunningIdentity, withIdentityDatabase } from './ops-database';

export const GRANT_ADMIN_OP = 'grant-admin';

export interface GrantOutcome {
  /** null: no account has this email. */
  accountId: string | null;
  /** False when it was ADMIN already. */
  changed: boolean;
  via: 'ops' | 'database';
}

export async function adminGrant(email: string, env: NodeJS.ProcessEnv = process.env): Promise<GrantOutcome> {
  const config = identityConfigSchema.parse(env);
  const answer = await askRunningIdentity(config, GRANT_ADMIN_OP, { email });
  if (answer.running) {
    const { accountId, changed } = answer.result as { accountId: string | null; changed: boolean };
    return { accountId, changed, via: 'ops' };
  }
  const result = await withIdentityDatabase(config, (prisma) =>
    grantAdmin(
      email,
      {
        accounts: new PrismaAccountRepository(prisma),
        clock: systemClock,
        ids: uuidV7,
        audit: { record: (entry, message) => console.log(JSON.stringify({ ...entry, msg: message })) },
      },
      'admin:grant',
    ),
  );
  return { accountId: result?.account.id ?? null, changed: result?.changed ?? false, via: 'database' };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const email = process.argv[2];
  if (!email || process.argv.length > 3) {
    console.error('usage: npm run admin:grant -- <email>');
    process.exitCode = 2;
  } else {
    loadConfig(identityConfigSchema);
    adminGrant(email).then(
      ({ accountId, changed, via }) => {
        const where = via === 'ops' ? 'by the running identity' : 'in the database (identity is not running)';
        if (accountId === null) {
          console.error(`admin:grant: no account has the email ${email}`);
          process.exitCode = 1;
        } else console.log(changed ? `${email} (${accountId}) is now ADMIN, ${where}` : `${email} (${accountId}) was ADMIN already`);
      },
      (error: unknown) => {
        console.error(`admin:grant failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exitCode = 1;
      },
    );
  }
}

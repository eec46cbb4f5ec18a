/**
 * `npm run keys:rotate` (root) / `npm run keys:rotate -w @agora/identity`: adds a new signing key,
 * with the same env as identity. A running identity (at IDENTITY_OPS_URL, default
 * http://127.0.0.1:<IDENTITY_PORT>) does it itself through its ops channel (ops.route.ts), so it
 * works on PGlite too; when none is running, the key is added to the database directly
 * (IDENTITY_DATABASE_URL, or PGlite in DATA_DIR; IDENTITY_KEY_ENCRYPTION_KEY). Running identities
 * publish the key at once, sign with it after the publish lead (seconds), and drop the older key
 * from the JWKS once its tokens have expired.
 */
import { loadConfig } from '@agora/service-kit';
import { identityConfigSchema } from './config';
import { loadKeyEncryption } from './infrastructure/signing-keys/key-encryption';
import { PrismaSigningKeyRepository } from './infrastructure/signing-keys/prisma-signing-key.repository';
import { askRunningIdentity, withIdentityDatabase } from './ops-database';

export const ROTATE_SIGNING_KEY_OP = 'rotate-signing-key';

export interface RotationOutcome {
  kid: string;
  /** `ops`: the running identity added it; `database`: no identity was running. */
  via: 'ops' | 'database';
}

export async function rotateSigningKey(env: NodeJS.ProcessEnv = process.env): Promise<RotationOutcome> {
  const config = identityConfigSchema.parse(env);
  const answer = await askRunningIdentity(config, ROTATE_SIGNING_KEY_OP);
  if (answer.running) return { kid: String(answer.result.kid), via: 'ops' };

  const { encryption } = await loadKeyEncryption({
    keyEncryptionKey: config.auth.keyEncryptionKey,
    previousKeyEncryptionKeys: config.auth.previousKeyEncryptionKeys,
    nodeEnv: config.nodeEnv,
    dataDir: config.dataDir,
  });
  const kid = await withIdentityDatabase(config, async (prisma) => {
    const keys = new PrismaSigningKeyRepository(prisma, encryption);
    await keys.encryptPlaintextKeys();
    return keys.rotate(new Date());
  });
  return { kid, via: 'database' };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  loadConfig(identityConfigSchema); // the same env checks (and messages) as identity's start
  rotateSigningKey().then(
    ({ kid, via }) =>
      console.log(
        via === 'ops'
          ? `added signing key ${kid} (by the running identity): published now, signs new tokens within seconds`
          : `added signing key ${kid} to the database (identity is not running): used from its next start`,
      ),
    (error: unknown) => {
      console.error(`keys:rotate failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
}

/**
 * `npm run keys:rotate` (root) / `npm run keys:rotate -w @agora/identity`: adds a new signing key
 * to identity's database, with the same env as identity (IDENTITY_DATABASE_URL, or DATA_DIR for
 * PGlite; IDENTITY_KEY_ENCRYPTION_KEY). Running identities publish it at once, sign with it after
 * the publish lead (seconds), and drop the older key from the JWKS once its tokens have expired.
 * On PGlite the data directory belongs to one process: stop identity first (or use Postgres).
 */
import { PRISMA_CLIENT_DEFAULTS, databaseFor } from '@agora/context-runtime';
import { openDatabase } from '@agora/prisma-kit';
import { loadConfig } from '@agora/service-kit';
import { identityConfigSchema } from './config';
import { PrismaClient } from './infrastructure/prisma-client';
import { loadKeyEncryption } from './infrastructure/signing-keys/key-encryption';
import { PrismaSigningKeyRepository } from './infrastructure/signing-keys/prisma-signing-key.repository';

export async function rotateSigningKey(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const config = identityConfigSchema.parse(env);
  const { encryption } = await loadKeyEncryption({
    keyEncryptionKey: config.auth.keyEncryptionKey,
    previousKeyEncryptionKeys: config.auth.previousKeyEncryptionKeys,
    nodeEnv: config.nodeEnv,
    dataDir: config.dataDir,
  });
  const db = await openDatabase(databaseFor('identity', config));
  const prisma = new PrismaClient({ adapter: db.adapter, ...PRISMA_CLIENT_DEFAULTS });
  try {
    const keys = new PrismaSigningKeyRepository(prisma, encryption);
    await keys.encryptPlaintextKeys();
    return await keys.rotate(new Date());
  } finally {
    await prisma.$disconnect();
    await db.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  loadConfig(identityConfigSchema); // the same env checks (and messages) as identity's start
  rotateSigningKey().then(
    (kid) => console.log(`added signing key ${kid}: published now, signs new tokens within seconds`),
    (error: unknown) => {
      console.error(`keys:rotate failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
}

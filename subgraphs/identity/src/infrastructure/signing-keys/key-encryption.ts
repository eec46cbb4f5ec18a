import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { JWK } from 'jose';

/** What a signing key's private half looks like at rest: AES-256-GCM, the kid as additional data. */
export interface EncryptedJwk {
  v: 1;
  alg: 'A256GCM';
  iv: string;
  ct: string;
  tag: string;
}

export const isEncryptedJwk = (value: unknown): value is EncryptedJwk =>
  typeof value === 'object' && value !== null && (value as { alg?: unknown }).alg === 'A256GCM' && 'ct' in value;

/**
 * The encryption of signing keys at rest: one 32-byte key (IDENTITY_KEY_ENCRYPTION_KEY) encrypts;
 * previous keys (IDENTITY_KEY_ENCRYPTION_KEY_PREVIOUS) still decrypt, so the key encryption key
 * itself can be changed: identity re-encrypts under the current key at start.
 */
export class SigningKeyEncryption {
  private constructor(
    private readonly key: Buffer,
    private readonly previous: Buffer[],
  ) {}

  static fromKey(key: Buffer, previous: Buffer[] = []): SigningKeyEncryption {
    for (const k of [key, ...previous]) if (k.length !== 32) throw new Error(`the key encryption key must be 32 bytes, got ${k.length}`);
    return new SigningKeyEncryption(key, previous);
  }

  /** Whether `stored` was encrypted with the current key (false: a previous one; re-encrypt it). */
  isCurrent(stored: EncryptedJwk, kid: string): boolean {
    return this.tryDecrypt(this.key, stored, kid) !== undefined;
  }

  encrypt(privateJwk: JWK, kid: string): EncryptedJwk {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv).setAAD(Buffer.from(kid));
    const ct = Buffer.concat([cipher.update(JSON.stringify(privateJwk), 'utf8'), cipher.final()]);
    return {
      v: 1,
      alg: 'A256GCM',
      iv: iv.toString('base64url'),
      ct: ct.toString('base64url'),
      tag: cipher.getAuthTag().toString('base64url'),
    };
  }

  decrypt(stored: EncryptedJwk, kid: string): JWK {
    for (const key of [this.key, ...this.previous]) {
      const jwk = this.tryDecrypt(key, stored, kid);
      if (jwk) return jwk;
    }
    throw new SigningKeyDecryptionError(kid);
  }

  private tryDecrypt(key: Buffer, stored: EncryptedJwk, kid: string): JWK | undefined {
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(stored.iv, 'base64url'))
        .setAAD(Buffer.from(kid))
        .setAuthTag(Buffer.from(stored.tag, 'base64url'));
      const plain = Buffer.concat([decipher.update(Buffer.from(stored.ct, 'base64url')), decipher.final()]);
      return JSON.parse(plain.toString('utf8')) as JWK;
    } catch {
      return undefined;
    }
  }
}

export class SigningKeyDecryptionError extends Error {
  constructor(kid: string) {
    super(
      `identity: signing key ${kid} cannot be decrypted with IDENTITY_KEY_ENCRYPTION_KEY ` +
        '(wrong key for this database? Set the key the keys were encrypted with)',
    );
    this.name = 'SigningKeyDecryptionError';
  }
}

/** `IDENTITY_KEY_ENCRYPTION_KEY`: 32 bytes, base64 or base64url (`openssl rand -base64 32`). */
export function parseKeyEncryptionKey(value: string): Buffer {
  const trimmed = value.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) throw new Error('IDENTITY_KEY_ENCRYPTION_KEY must be base64 or base64url');
  const key = Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (key.length !== 32)
    throw new Error(
      `IDENTITY_KEY_ENCRYPTION_KEY must decode to 32 bytes (got ${key.length}); generate one with \`openssl rand -base64 32\``,
    );
  return key;
}

/** Where development and tests keep a generated key encryption key when none is configured. */
export const devKeyFile = (dataDir: string) => join(dataDir, 'identity-key-encryption.key');

/**
 * The key encryption key: IDENTITY_KEY_ENCRYPTION_KEY when set (required in production); else,
 * outside production, a random key kept in `<DATA_DIR>/identity-key-encryption.key` (mode 0600,
 * created on first start), so restarts of `npm start` decrypt what the previous run stored.
 */
export async function loadKeyEncryption(settings: {
  keyEncryptionKey: string | undefined;
  /** Comma-separated previous keys, still accepted for decryption (changing the key). */
  previousKeyEncryptionKeys?: string | undefined;
  nodeEnv: string;
  dataDir: string;
}): Promise<{ encryption: SigningKeyEncryption; source: 'env' | 'file' }> {
  const previous = (settings.previousKeyEncryptionKeys ?? '')
    .split(',')
    .filter((value) => value.trim() !== '')
    .map(parseKeyEncryptionKey);
  if (settings.keyEncryptionKey)
    return { encryption: SigningKeyEncryption.fromKey(parseKeyEncryptionKey(settings.keyEncryptionKey), previous), source: 'env' };
  if (settings.nodeEnv === 'production') {
    throw new Error('IDENTITY_KEY_ENCRYPTION_KEY is required in production (32 bytes, base64: `openssl rand -base64 32`)');
  }
  const file = devKeyFile(settings.dataDir);
  await mkdir(dirname(file), { recursive: true });
  try {
    await writeFile(file, `${randomBytes(32).toString('base64url')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  await chmod(file, 0o600);
  return { encryption: SigningKeyEncryption.fromKey(parseKeyEncryptionKey(await readFile(file, 'utf8')), previous), source: 'file' };
}

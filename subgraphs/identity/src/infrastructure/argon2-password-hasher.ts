import { randomBytes } from 'node:crypto';
import { hash, verify, type Algorithm } from '@node-rs/argon2';
import type { PasswordHasher } from '../application/ports';

export interface Argon2Cost {
  /** KiB */
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

/** OWASP Password Storage Cheat Sheet's argon2id baseline: m=19 MiB, t=2, p=1. */
/** `Algorithm.Argon2id`; the package ships a const enum, which isolated modules cannot read. */
const ARGON2ID: Algorithm.Argon2id = 2;

export const OWASP_ARGON2ID: Argon2Cost = { memoryCost: 19456, timeCost: 2, parallelism: 1 };

/**
 * argon2id through @node-rs/argon2, which hashes on libuv's thread pool so a login does not block
 * the event loop for the ~100 ms a hash takes.
 */
export class Argon2PasswordHasher implements PasswordHasher {
  /** Hash of a random secret with the same cost, verified for unknown logins (equal timing). */
  private readonly dummyHash: Promise<string>;

  constructor(private readonly cost: Argon2Cost = OWASP_ARGON2ID) {
    this.dummyHash = this.hash(randomBytes(24).toString('base64url'));
    // Surfaced on first use; never an unhandled rejection at construction.
    this.dummyHash.catch(() => undefined);
  }

  hash(password: string): Promise<string> {
    return hash(password, { algorithm: ARGON2ID, ...this.cost });
  }

  async verify(storedHash: string | null, password: string): Promise<boolean> {
    if (storedHash === null) {
      await verify(await this.dummyHash, password);
      return false;
    }
    return verify(storedHash, password);
  }
}

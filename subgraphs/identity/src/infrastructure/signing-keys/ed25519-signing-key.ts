import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';

/** JOSE name of the algorithm (RFC 8037): EdDSA over Ed25519. */
export const SIGNING_ALGORITHM = 'EdDSA';

export interface SigningKeyMaterial {
  /** RFC 7638 thumbprint of the public key: stable, collision-free and derivable by anyone. */
  kid: string;
  algorithm: typeof SIGNING_ALGORITHM;
  publicJwk: JWK;
  privateJwk: JWK;
}

export async function generateSigningKey(): Promise<SigningKeyMaterial> {
  const { publicKey, privateKey } = await generateKeyPair(SIGNING_ALGORITHM, { crv: 'Ed25519', extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const privateJwk = await exportJWK(privateKey);
  return { kid: await calculateJwkThumbprint(publicJwk), algorithm: SIGNING_ALGORITHM, publicJwk, privateJwk };
}

export async function importPrivateKey(material: Pick<SigningKeyMaterial, 'privateJwk'>): Promise<CryptoKey> {
  const key = await importJWK(material.privateJwk, SIGNING_ALGORITHM);
  if (key instanceof Uint8Array) throw new Error('expected an asymmetric private key, got a symmetric one');
  return key;
}

/** The public half as published in the JWKS (never `d`). */
export function toPublicJwk(material: Pick<SigningKeyMaterial, 'kid' | 'publicJwk'>): JWK {
  const { kty, crv, x } = material.publicJwk;
  return { kty, crv, x, kid: material.kid, alg: SIGNING_ALGORITHM, use: 'sig' };
}

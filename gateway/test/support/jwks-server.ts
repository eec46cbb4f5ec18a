import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, UnsecuredJWT, exportJWK, generateKeyPair, type CryptoKey } from 'jose';

export const TEST_ISSUER = 'urn:agora:identity';
export const TEST_AUDIENCE = 'urn:agora:api';

export interface TokenClaims {
  sub?: string;
  /** null = no username claim at all. */
  username?: string | null;
  iss?: string;
  aud?: string;
  /** Seconds from now; negative = already expired. */
  expiresIn?: number;
  /** identity's `email_verified` claim; omitted = no claim. */
  emailVerified?: boolean;
  /** Header `typ`; default identity's `at+jwt`, null = none. */
  typ?: string | null;
  /** identity's `role` claim (ADR 14); omitted = no claim (MEMBER). */
  role?: 'MEMBER' | 'MODERATOR' | 'ADMIN';
  /** `iat` in seconds since the epoch; default: now (earlier for an expired token). */
  issuedAt?: number;
}

/** A stand-in for identity's `/.well-known/jwks.json` that also mints access tokens. */
export interface JwksServer {
  jwksUrl: string;
  /** How many times the key set was fetched (caching is observable). */
  fetches(): number;
  /** An access token as identity would issue it (EdDSA, kid of the published key). */
  sign(claims?: TokenClaims): Promise<string>;
  /** Same header and kid, but signed by a key the JWKS does not publish. */
  forge(claims?: TokenClaims): Promise<string>;
  /** Publishes a second key (as a rotation does) and signs later `sign()` tokens with it; returns its kid. */
  rotate(): Promise<string>;
  /** `alg: none`, no signature. */
  unsigned(claims?: TokenClaims): string;
  close(): Promise<void>;
}

const KID = 'test-key-1';

export async function startJwksServer(): Promise<JwksServer> {
  let real = await generateKeyPair('EdDSA', { extractable: true });
  const impostor = await generateKeyPair('EdDSA');
  let kid = KID;
  const published = [{ ...(await exportJWK(real.publicKey)), kid: KID, alg: 'EdDSA', use: 'sig' }];
  let fetches = 0;
  const server = createServer((req, res) => {
    if (req.url === '/.well-known/jwks.json') {
      fetches++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: published }));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const build = (claims: TokenClaims) => {
    const now = Math.floor(Date.now() / 1000);
    return {
      payload: {
        ...(claims.username === null ? {} : { username: claims.username ?? 'ada' }),
        ...(claims.emailVerified !== undefined && { email_verified: claims.emailVerified }),
        ...(claims.role !== undefined && { role: claims.role }),
      },
      sub: claims.sub ?? 'user-1',
      iss: claims.iss ?? TEST_ISSUER,
      aud: claims.aud ?? TEST_AUDIENCE,
      iat: claims.issuedAt ?? now + Math.min(0, (claims.expiresIn ?? 900) - 60),
      exp: now + (claims.expiresIn ?? 900),
    };
  };
  const signWith = (key: CryptoKey, claims: TokenClaims) => {
    const t = build(claims);
    const typ = claims.typ === undefined ? 'at+jwt' : claims.typ;
    return new SignJWT(t.payload)
      .setProtectedHeader({ alg: 'EdDSA', kid, ...(typ === null ? {} : { typ }) })
      .setSubject(t.sub)
      .setIssuer(t.iss)
      .setAudience(t.aud)
      .setIssuedAt(t.iat)
      .setExpirationTime(t.exp)
      .sign(key);
  };

  return {
    jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    fetches: () => fetches,
    sign: (claims = {}) => signWith(real.privateKey, claims),
    forge: (claims = {}) => signWith(impostor.privateKey, claims),
    rotate: async () => {
      real = await generateKeyPair('EdDSA', { extractable: true });
      kid = `test-key-${published.length + 1}`;
      published.unshift({ ...(await exportJWK(real.publicKey)), kid, alg: 'EdDSA', use: 'sig' });
      return kid;
    },
    unsigned: (claims = {}) => {
      const t = build(claims);
      return new UnsecuredJWT(t.payload)
        .setSubject(t.sub)
        .setIssuer(t.iss)
        .setAudience(t.aud)
        .setIssuedAt(t.iat)
        .setExpirationTime(t.exp)
        .encode();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

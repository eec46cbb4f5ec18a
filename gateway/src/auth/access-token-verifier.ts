import { VIEWER_ROLES, type Viewer } from '@agora/service-kit';
import { GraphQLError } from 'graphql';
import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';

export interface AccessTokenVerifierOptions {
  /** Identity's JWKS (`/.well-known/jwks.json`). */
  jwksUrl: string;
  issuer: string;
  audience: string;
  /** Tests may pass a local key set instead of fetching one. */
  keySet?: JWTVerifyGetKey;
  /**
   * The revocation list (auth/revocations.ts, ADR 14), asked synchronously after the signature:
   * true refuses the token with AUTH.TOKEN_REVOKED. No network call on this path.
   */
  isRevoked?: (token: { userId: string; issuedAt: number; issuedAtMs?: number; role: Viewer['role'] & string }) => boolean;
}

/** Verifies the `Authorization` header; `null` = anonymous, a GraphQLError = rejected. */
export type AccessTokenVerifier = (authorization: string | undefined) => Promise<Viewer | null>;

/** A verified access token: who it is for and when it stops being valid. */
export interface VerifiedAccess {
  viewer: Viewer;
  /** The token's `exp`, in milliseconds since the epoch (long-lived connections close then). */
  expiresAt: number;
}

/**
 * Like AccessTokenVerifier, but also answers the token's expiry: a WebSocket outlives a request,
 * so it must know when the token it was opened with runs out.
 */
export type AccessVerifier = (authorization: string | undefined) => Promise<VerifiedAccess | null>;

/** Codes jose uses for a token that is wrong (as opposed to a key set we could not fetch). */
const BAD_TOKEN_CODES = new Set([
  errors.JWTExpired.code,
  errors.JWTClaimValidationFailed.code,
  errors.JWTInvalid.code,
  errors.JWSInvalid.code,
  errors.JWSSignatureVerificationFailed.code,
  errors.JOSEAlgNotAllowed.code,
  errors.JOSENotSupported.code,
  errors.JWKSNoMatchingKey.code,
]);

/**
 * identity's access token: `sub`, `username`, `exp`, `iat`, `email_verified` (missing = false, e.g. a
 * token issued before it existed) and `role` (missing = MEMBER, ADR 14). A missing `iat` reads as 0:
 * issued before every revocation.
 */
const claimsSchema = z.object({
  sub: z.string().min(1),
  username: z.string().min(1),
  exp: z.number(),
  iat: z.number().optional(),
  /** The issue time in ms (identity sets it; older tokens have only `iat`). */
  iat_ms: z.number().int().nonnegative().optional(),
  email_verified: z.boolean().optional(),
  role: z.enum(VIEWER_ROLES).optional(),
});

/** RFC 9068: identity's access tokens say `typ: at+jwt`; any other JWT (even one signed by identity's key) is refused. */
export const ACCESS_TOKEN_TYP = 'at+jwt';

/**
 * On an unknown `kid` jose refetches the key set unless it fetched it less than this long ago.
 * Identity publishes a rotated key longer than this before signing with it (5 s), so a new
 * token always finds its key; forged kids cost at most one JWKS fetch per second.
 */
export const JWKS_REFETCH_COOLDOWN_MS = 1_000;

/** Access tokens are short-lived; a little skew between hosts must not reject fresh ones. */
const CLOCK_TOLERANCE_SECONDS = 5;

export function createAccessTokenVerifier(options: AccessTokenVerifierOptions): AccessTokenVerifier {
  return viewerOf(createAccessVerifier(options));
}

/** The HTTP form of an AccessVerifier: the viewer only (shares its key set and cache). */
export function viewerOf(verify: AccessVerifier): AccessTokenVerifier {
  return async (authorization) => (await verify(authorization))?.viewer ?? null;
}

export function createAccessVerifier(options: AccessTokenVerifierOptions): AccessVerifier {
  // jose caches the key set and refetches on an unknown `kid` (key rotation) at most once per
  // cooldown (concurrent misses share one fetch), so forged kids cannot turn the gateway into a
  // JWKS-fetching amplifier.
  const keySet =
    options.keySet ??
    createRemoteJWKSet(new URL(options.jwksUrl), {
      cacheMaxAge: 10 * 60_000,
      cooldownDuration: JWKS_REFETCH_COOLDOWN_MS,
      timeoutDuration: 5_000,
    });

  return async (authorization) => {
    if (authorization === undefined) return null;
    const match = /^Bearer +([A-Za-z0-9\-_.]+)\s*$/i.exec(authorization);
    if (!match?.[1]) throw unauthenticated('AUTH.MALFORMED_AUTHORIZATION', 'The Authorization header must be `Bearer <access token>`');
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(match[1], keySet, {
        algorithms: ['EdDSA'],
        typ: ACCESS_TOKEN_TYP,
        issuer: options.issuer,
        audience: options.audience,
        requiredClaims: ['exp', 'sub'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      }));
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw unauthenticated('AUTH.TOKEN_EXPIRED', 'The access token has expired');
      if (error instanceof errors.JOSEError && BAD_TOKEN_CODES.has(error.code)) {
        throw unauthenticated('AUTH.INVALID_TOKEN', 'The access token is invalid');
      }
      // The key set could not be fetched or parsed: our fault, not the caller's.
      throw new GraphQLError('Authentication is temporarily unavailable', {
        originalError: error instanceof Error ? error : undefined,
        extensions: { code: 'INTERNAL_SERVER_ERROR', reason: 'AUTH.JWKS_UNAVAILABLE', http: { status: 503 } },
      });
    }
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) throw unauthenticated('AUTH.INVALID_TOKEN', 'The access token is invalid');
    const { sub, username, exp, iat, iat_ms: issuedAtMs, email_verified: emailVerified, role = 'MEMBER' } = claims.data;
    // iat_ms counts only when it agrees with iat (same second): a token cannot claim another time.
    const preciseMs = issuedAtMs !== undefined && iat !== undefined && Math.floor(issuedAtMs / 1000) === iat ? issuedAtMs : undefined;
    if (options.isRevoked?.({ userId: sub, issuedAt: iat ?? 0, ...(preciseMs !== undefined && { issuedAtMs: preciseMs }), role })) {
      throw unauthenticated('AUTH.TOKEN_REVOKED', 'The access token has been revoked; refresh it or sign in again');
    }
    const viewer: Viewer = { userId: sub, username, emailVerified: emailVerified === true };
    if (role !== 'MEMBER') viewer.role = role;
    return { viewer, expiresAt: exp * 1000 };
  };
}

function unauthenticated(reason: string, message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: {
      code: 'UNAUTHENTICATED',
      reason,
      http: { status: 401, headers: new Map([['www-authenticate', 'Bearer error="invalid_token"']]) },
    },
  });
}

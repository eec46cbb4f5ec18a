import { canonicalUuid, isUuid } from '@agora/kernel';
import { SignJWT, jwtVerify } from 'jose';
import { z } from 'zod';
import { DomainError } from './errors';

/** The verified caller, as forwarded by the gateway. */
export interface Viewer {
  userId: string;
  username: string;
}

/** Header the gateway sets (and strips from clients): a short-lived HS256 JWT over the viewer. */
export const IDENTITY_HEADER = 'x-agora-identity' as const;

const ISSUER = 'agora-gateway';
const AUDIENCE = 'agora-subgraphs';
const DEFAULT_TTL_SECONDS = 60;
/** Gateway and subgraphs may run on different hosts; tolerate a little clock skew. */
const CLOCK_TOLERANCE_SECONDS = 5;

const claimsSchema = z.object({ sub: z.string().min(1), username: z.string().min(1) });

const keyOf = (secret: string) => new TextEncoder().encode(secret);

export async function signIdentityHeader(viewer: Viewer, secret: string, ttlSeconds = DEFAULT_TTL_SECONDS): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ username: viewer.username })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(viewer.userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + ttlSeconds)
    .sign(keyOf(secret));
}

const invalidIdentity = () => new DomainError('UNAUTHENTICATED', 'AUTH.INVALID_IDENTITY', 'The forwarded identity is invalid or expired');

/** Returns null for a missing header; throws DomainError UNAUTHENTICATED for an invalid one. */
export async function verifyIdentityHeader(value: string | undefined, secret: string): Promise<Viewer | null> {
  if (value === undefined || value === '') return null;
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(value, keyOf(secret), {
      algorithms: ['HS256'],
      issuer: ISSUER,
      audience: AUDIENCE,
      requiredClaims: ['exp', 'sub'],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    }));
  } catch {
    // Bad signature, expired, wrong issuer/audience, malformed: all the same to the caller.
    throw invalidIdentity();
  }
  const claims = claimsSchema.safeParse(payload);
  if (!claims.success) throw invalidIdentity();
  // Ids are canonical from here on (lower case): no context normalises the viewer's id again.
  const userId = isUuid(claims.data.sub) ? canonicalUuid(claims.data.sub) : claims.data.sub;
  return { userId, username: claims.data.username };
}

/** Throws DomainError UNAUTHENTICATED when there is no viewer. */
export function requireViewer(context: { viewer: Viewer | null }): Viewer {
  if (!context.viewer) throw unauthenticated();
  return context.viewer;
}

export function unauthenticated(): DomainError {
  return new DomainError('UNAUTHENTICATED', 'AUTH.UNAUTHENTICATED', 'You must be signed in');
}

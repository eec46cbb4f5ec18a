import { randomUUID } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';

/**
 * Identity's operations channel (`POST /internal/ops/<action>`): an operator's CLI on the same
 * deployment (admin:grant, keys:rotate) asks the RUNNING identity to do the work, because on PGlite
 * only the running process may open the database. The request carries a short-lived HS256 JWT
 * signed with AGORA_INTERNAL_SECRET (the secret the gateway signs identity headers with, which
 * every operator shell of the deployment has): `typ: agora-ops+jwt` (so no identity header, access
 * token or other JWT passes for one, nor one for them), `iss: agora-ops`, `aud: identity`, the action
 * in `op` (must match the path) and its arguments in `args` — all signed, nothing read from a body.
 */
export const OPS_TOKEN_TYPE = 'agora-ops+jwt';
const ISSUER = 'agora-ops';
const AUDIENCE = 'identity';
/** The CLI signs for 30 s; identity refuses any token older than this (and any without exp, iat or jti). */
export const OPS_TOKEN_TTL_SECONDS = 30;
export const OPS_TOKEN_MAX_AGE_SECONDS = 60;
const CLOCK_TOLERANCE_SECONDS = 5;

const keyOf = (secret: string) => new TextEncoder().encode(secret);

export interface OpsClaims {
  op: string;
  args: Record<string, unknown>;
  jti: string;
  exp: number;
}

export async function signOpsToken(
  secret: string,
  op: string,
  args: Record<string, unknown> = {},
  options: { ttlSeconds?: number; now?: Date } = {},
): Promise<string> {
  const issuedAt = Math.floor((options.now ?? new Date()).getTime() / 1000);
  return new SignJWT({ op, args })
    .setProtectedHeader({ alg: 'HS256', typ: OPS_TOKEN_TYPE })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + (options.ttlSeconds ?? OPS_TOKEN_TTL_SECONDS))
    .setJti(randomUUID())
    .sign(keyOf(secret));
}

/** The claims of a valid token for `op`; null for anything else (missing, forged, expired, too old, another op). */
export async function verifyOpsToken(token: string | undefined, secret: string, op: string): Promise<OpsClaims | null> {
  if (!token) return null;
  try {
    const { payload } = await jwtVerify(token, keyOf(secret), {
      algorithms: ['HS256'],
      typ: OPS_TOKEN_TYPE,
      issuer: ISSUER,
      audience: AUDIENCE,
      requiredClaims: ['exp', 'iat', 'jti'],
      maxTokenAge: OPS_TOKEN_MAX_AGE_SECONDS,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    });
    if (payload.op !== op || typeof payload.jti !== 'string' || typeof payload.exp !== 'number') return null;
    const args = payload.args;
    if (args !== undefined && (typeof args !== 'object' || args === null || Array.isArray(args))) return null;
    return { op, args: (args ?? {}) as Record<string, unknown>, jti: payload.jti, exp: payload.exp };
  } catch {
    return null;
  }
}

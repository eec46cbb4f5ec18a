import { canonicalUuid, isUuid } from '@agora/kernel';
import { SignJWT, jwtVerify } from 'jose';
import { z } from 'zod';
import { DomainError } from './errors';

/** The platform roles, lowest first (identity's access-token claim `role`, forwarded as `role`). */
export const VIEWER_ROLES = ['MEMBER', 'MODERATOR', 'ADMIN'] as const;
export type ViewerRole = (typeof VIEWER_ROLES)[number];

/** Whether the viewer holds `role` or a higher one (an admin may do what a moderator may). */
export function hasRole(viewer: Pick<Viewer, 'role'> | null | undefined, role: ViewerRole): boolean {
  if (!viewer) return false;
  return VIEWER_ROLES.indexOf(viewer.role ?? 'MEMBER') >= VIEWER_ROLES.indexOf(role);
}

/** The verified caller, as forwarded by the gateway. */
export interface Viewer {
  userId: string;
  username: string;
  /**
   * Whether the account's email address is verified (identity's access-token claim
   * `email_verified`, forwarded as `ev`). `verifyIdentity` always sets it (a missing claim is
   * `false`); optional in the type so fixtures that sign a viewer may leave it out (= false).
   */
  emailVerified?: boolean;
  /**
   * The account's role (identity's access-token claim `role`), set only above MEMBER: a missing
   * role is MEMBER (ask `hasRole`, never compare it directly).
   */
  role?: ViewerRole;
}

/** What a subgraph learns from the gateway about one request. */
export interface ForwardedIdentity {
  /** null = anonymous. */
  viewer: Viewer | null;
  /** The client's IP as the gateway saw it (`GATEWAY_TRUST_PROXY`); null when no header came (a test calling the subgraph directly). */
  clientIp: string | null;
}

/** Header the gateway sets (and strips from clients): a short-lived HS256 JWT over the viewer and the client's IP. */
export const IDENTITY_HEADER = 'x-agora-identity' as const;

/** The JWT `typ` of the identity header, checked on verify: an access token (or any other JWT signed with the same secret) is not one. */
export const IDENTITY_HEADER_TYPE = 'agora-identity+jwt' as const;

const ISSUER = 'agora-gateway';
/**
 * The audience of a header signed without one (`signIdentityHeader` with no `audience`): "any
 * subgraph". The gateway never signs it (its headers name the subgraph they are for); subgraphs
 * accept it only while they do not require the gateway's signature (dev, tests calling a subgraph
 * directly) and refuse it when they do (production, AGORA_REQUIRE_GATEWAY_SIGNATURE=true).
 */
export const ANY_SUBGRAPH_AUDIENCE = 'agora-subgraphs';
export const IDENTITY_HEADER_TTL_SECONDS = 60;
/** Gateway and subgraphs may run on different hosts; tolerate a little clock skew. */
const CLOCK_TOLERANCE_SECONDS = 5;

/**
 * Claims: `ip` (always, when the gateway knows it), and either `anon: true` (an anonymous request,
 * still signed) or `sub`, `username`, `ev` (email verified) and `role` (omitted = MEMBER). A header that is neither, or both,
 * is invalid.
 */
const claimsSchema = z
  .object({
    sub: z.string().min(1).optional(),
    username: z.string().min(1).optional(),
    ev: z.boolean().optional(),
    role: z.enum(VIEWER_ROLES).optional(),
    ip: z.string().min(1).optional(),
    anon: z.literal(true).optional(),
  })
  .refine((claims) =>
    claims.anon === true
      ? claims.sub === undefined && claims.username === undefined
      : claims.sub !== undefined && claims.username !== undefined,
  );

const keyOf = (secret: string) => new TextEncoder().encode(secret);

export interface SignIdentityOptions {
  /** The client's IP; omitted or null = not known. */
  clientIp?: string | null;
  /** Default 60 s. */
  ttlSeconds?: number;
  /**
   * The subgraph the header is for (its name in schema/subgraphs.json): `aud`. The gateway always
   * names it, so a captured header cannot be replayed against another subgraph. Omitted:
   * ANY_SUBGRAPH_AUDIENCE, for tests calling a subgraph directly (refused where signatures are required).
   */
  audience?: string;
}

/**
 * Signs the header for one subgraph request: the viewer (null = anonymous) and the client's IP.
 * The third argument may still be the TTL in seconds (older callers and tests).
 */
export async function signIdentityHeader(
  viewer: Viewer | null,
  secret: string,
  options: SignIdentityOptions | number = {},
): Promise<string> {
  const {
    clientIp = null,
    ttlSeconds = IDENTITY_HEADER_TTL_SECONDS,
    audience = ANY_SUBGRAPH_AUDIENCE,
  } = typeof options === 'number' ? { ttlSeconds: options } : options;
  const now = Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = {};
  if (clientIp) claims.ip = clientIp;
  if (viewer) {
    claims.username = viewer.username;
    claims.ev = viewer.emailVerified === true;
    if (viewer.role && viewer.role !== 'MEMBER') claims.role = viewer.role;
  } else {
    claims.anon = true;
  }
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: IDENTITY_HEADER_TYPE });
  if (viewer) jwt.setSubject(viewer.userId);
  return jwt
    .setIssuer(ISSUER)
    .setAudience(audience)
    .setIssuedAt(now)
    .setExpirationTime(now + ttlSeconds)
    .sign(keyOf(secret));
}

const invalidIdentity = () => new DomainError('UNAUTHENTICATED', 'AUTH.INVALID_IDENTITY', 'The forwarded identity is invalid or expired');

export interface VerifyIdentityOptions {
  /**
   * The verifying subgraph's name: `aud` must be it (or ANY_SUBGRAPH_AUDIENCE, unless
   * `requireSignature`). Omitted (tests and tools that inspect what the gateway sent): any audience.
   */
  audience?: string;
  /**
   * The subgraph answers only the gateway (production, AGORA_REQUIRE_GATEWAY_SIGNATURE=true): a
   * missing header is refused (AUTH.GATEWAY_SIGNATURE_REQUIRED) rather than read as anonymous, and
   * so is ANY_SUBGRAPH_AUDIENCE.
   */
  requireSignature?: boolean;
}

/** Whether subgraphs require the gateway's signature on every request: production, or AGORA_REQUIRE_GATEWAY_SIGNATURE=true. */
export function gatewaySignatureRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.NODE_ENV === 'production' || env.AGORA_REQUIRE_GATEWAY_SIGNATURE === 'true';
}

export function gatewaySignatureMissing(): DomainError {
  return new DomainError('UNAUTHENTICATED', 'AUTH.GATEWAY_SIGNATURE_REQUIRED', 'This service answers only requests signed by the gateway');
}

/**
 * Verifies the header: `{ viewer: null, clientIp: null }` for a missing one (unless
 * `requireSignature`); throws DomainError UNAUTHENTICATED (AUTH.INVALID_IDENTITY) for an invalid
 * one: bad signature, expired, another issuer, another `typ`, another subgraph's audience.
 */
export async function verifyIdentity(
  value: string | undefined,
  secret: string,
  options: VerifyIdentityOptions = {},
): Promise<ForwardedIdentity> {
  if (value === undefined || value === '') {
    if (options.requireSignature) throw gatewaySignatureMissing();
    return { viewer: null, clientIp: null };
  }
  const audiences =
    options.audience === undefined ? undefined : options.requireSignature ? [options.audience] : [options.audience, ANY_SUBGRAPH_AUDIENCE];
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(value, keyOf(secret), {
      algorithms: ['HS256'],
      issuer: ISSUER,
      typ: IDENTITY_HEADER_TYPE,
      ...(audiences && { audience: audiences }),
      requiredClaims: ['exp', 'aud'],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    }));
  } catch {
    // Bad signature, expired, wrong issuer/audience/typ, malformed: all the same to the caller.
    throw invalidIdentity();
  }
  const claims = claimsSchema.safeParse(payload);
  if (!claims.success) throw invalidIdentity();
  const clientIp = claims.data.ip ?? null;
  const { sub, username, ev, role } = claims.data;
  if (sub === undefined || username === undefined) return { viewer: null, clientIp };
  // Ids are canonical from here on (lower case): no context normalises the viewer's id again.
  const userId = isUuid(sub) ? canonicalUuid(sub) : sub;
  const viewer: Viewer = { userId, username, emailVerified: ev === true };
  if (role && role !== 'MEMBER') viewer.role = role;
  return { viewer, clientIp };
}

/** The viewer only (see `verifyIdentity`): null for a missing header or an anonymous one. */
export async function verifyIdentityHeader(
  value: string | undefined,
  secret: string,
  options: VerifyIdentityOptions = {},
): Promise<Viewer | null> {
  return (await verifyIdentity(value, secret, options)).viewer;
}

/** Throws DomainError UNAUTHENTICATED when there is no viewer. */
export function requireViewer(context: { viewer: Viewer | null }): Viewer {
  if (!context.viewer) throw unauthenticated();
  return context.viewer;
}

export function unauthenticated(): DomainError {
  return new DomainError('UNAUTHENTICATED', 'AUTH.UNAUTHENTICATED', 'You must be signed in');
}

import { join } from 'node:path';
import { env, loadConfig } from '@agora/service-kit';
import { z } from 'zod';
import { compileTrustProxy, type TrustProxy } from './http/client-ip';
import { findRepoRoot, SUPERGRAPH_PATH } from './supergraph/registry';

/** Matches the env vars that may override a subgraph's routing URL (`POSTS_URL`, ...). */
const SUBGRAPH_URL_VAR = /^[A-Z][A-Z0-9_]*_URL$/;

const positiveInt = (fallback: number) =>
  z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.coerce
      .number({ error: 'expected a positive integer' })
      .int('expected a positive integer')
      .positive('expected a positive integer')
      .default(fallback),
  );

/** express `trust proxy` values: true/false, a hop count, or addresses/subnets (validated the way express compiles them). */
const trustProxy = z.preprocess(
  (v) => (v === '' ? undefined : v),
  z
    .string()
    .optional()
    .transform((value, ctx): TrustProxy => {
      if (value === undefined) return false;
      const word = value.trim().toLowerCase();
      const parsed: TrustProxy = word === 'true' ? true : word === 'false' ? false : /^\d+$/.test(word) ? Number(word) : value.trim();
      try {
        compileTrustProxy(parsed);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'expected true, false, a hop count or comma-separated addresses/subnets' });
        return z.NEVER;
      }
      return parsed;
    }),
);

const optionalString = (fallback: string) => z.preprocess((v) => (v === '' ? undefined : v), z.string().default(fallback));

/** The gateway's environment (names shared with docker-compose and the dev stack). */
export const gatewayEnvSchema = z
  .object({
    NODE_ENV: z.preprocess((v) => (v === '' ? undefined : v), z.string().default('development')),
    HOST: optionalString('127.0.0.1'),
    GATEWAY_PORT: env.port(4000),
    LOG_LEVEL: env.logLevel,
    SUPERGRAPH_PATH: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z.string().default(() => join(findRepoRoot(), SUPERGRAPH_PATH)),
    ),
    IDENTITY_JWKS_URL: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z.url({ error: 'expected a URL' }).default('http://127.0.0.1:4001/.well-known/jwks.json'),
    ),
    AUTH_ISSUER: optionalString('urn:agora:identity'),
    AUTH_AUDIENCE: optionalString('urn:agora:api'),
    AGORA_INTERNAL_SECRET: env.internalSecret,
    NATS_URL: optionalString('nats://127.0.0.1:4222'),
    NATS_USER: env.optionalString,
    NATS_PASSWORD: env.optionalString,
    REALTIME_MAX_SUBSCRIPTIONS_PER_CONNECTION: positiveInt(50),
    REALTIME_MAX_SUBSCRIPTIONS_PER_VIEWER: positiveInt(200),
    REALTIME_MAX_MESSAGE_BYTES: positiveInt(64 * 1024),
    REALTIME_KEEPALIVE_MS: positiveInt(15_000),
    REALTIME_BUFFER_MESSAGES: positiveInt(200),
    GATEWAY_TRUST_PROXY: trustProxy,
    ACCESS_TOKEN_TTL_SECONDS: positiveInt(900),
    GATEWAY_REVOCATIONS_REQUIRED: z.preprocess((v) => (v === '' ? undefined : v), z.string().optional()),
    AGORA_RATE_LIMITS: env.rateLimits,
    GATEWAY_RATE_LIMIT_PER_MINUTE: positiveInt(1200),
  })
  .loose();

export interface GatewayConfig {
  production: boolean;
  host: string;
  /** 0 = any free port (tests). */
  port: number;
  logLevel: string;
  /** The composed supergraph (`npm run schema:compose`). */
  supergraphPath: string;
  /**
   * Routing-URL overrides, looked up as `<SUBGRAPH NAME>_URL` for every subgraph the supergraph's
   * `join__Graph` enum lists, so a new context needs no gateway change. Values are validated when
   * the supergraph is loaded (only then are the subgraph names known).
   */
  subgraphUrlEnv: Record<string, string>;
  auth: {
    jwksUrl: string;
    issuer: string;
    audience: string;
  };
  /** The revocation list (auth/revocations.ts, ADR 14). */
  revocations: {
    /**
     * `GATEWAY_REVOCATIONS_REQUIRED` (default: true in production): /graphql is served only once
     * the list has caught up from NATS. Off (dev, tests without NATS): the list attaches in the
     * background, like realtime, and refuses what it has seen so far.
     */
    required: boolean;
    /** identity's `ACCESS_TOKEN_TTL_SECONDS` (default 900): how far back the list replays. */
    accessTokenTtlSeconds: number;
  };
  /** Signs the `x-agora-identity` header the subgraphs verify. */
  internalSecret: string;
  /** Subscriptions (ADR 11): where the REALTIME stream is read, and the limits per client. */
  realtime: RealtimeConfig;
  /**
   * `GATEWAY_TRUST_PROXY` (express `trust proxy` semantics, default false): whether the client's
   * IP is the socket's address or is read from `X-Forwarded-For` (through how many / which proxies).
   */
  trustProxy: TrustProxy;
  /** The global per-IP budget of operations (limits/request-budget.ts), per gateway instance. */
  rateLimits: {
    /** `AGORA_RATE_LIMITS` (on by default; off refused in production). */
    enabled: boolean;
    /** `GATEWAY_RATE_LIMIT_PER_MINUTE`, default 1200. */
    perMinute: number;
  };
}

export interface RealtimeConfig {
  /** `NATS_URL` (comma-separated list allowed). */
  natsServers: string;
  /** `NATS_USER` (`gateway`) and `NATS_PASSWORD`; unset: anonymous (a server without auth). */
  natsUser?: string | undefined;
  natsPassword?: string | undefined;
  /** Live subscriptions one WebSocket connection may hold (SSE: one per connection). */
  maxSubscriptionsPerConnection: number;
  /** Live subscriptions one viewer may hold across all their connections on this instance. */
  maxSubscriptionsPerViewer: number;
  /** Largest client message (WebSocket frame, SSE request body) accepted. */
  maxMessageBytes: number;
  /** Ping interval; a client silent for two intervals is disconnected. */
  keepAliveMs: number;
  /** Messages buffered per subscription for a slow client before it is closed (slow consumer). */
  bufferMessages: number;
}

/** Parses the gateway's environment once; a bad variable stops the process with one line (exit 78). */
export function loadGatewayConfig(source: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const parsed = loadConfig(gatewayEnvSchema, source);
  const subgraphUrlEnv: Record<string, string> = {};
  for (const [name, value] of Object.entries(source)) {
    if (SUBGRAPH_URL_VAR.test(name) && name !== 'IDENTITY_JWKS_URL' && name !== 'NATS_URL' && value) subgraphUrlEnv[name] = value;
  }
  return {
    production: parsed.NODE_ENV === 'production',
    host: parsed.HOST,
    port: parsed.GATEWAY_PORT,
    logLevel: parsed.LOG_LEVEL,
    supergraphPath: parsed.SUPERGRAPH_PATH,
    subgraphUrlEnv,
    auth: { jwksUrl: parsed.IDENTITY_JWKS_URL, issuer: parsed.AUTH_ISSUER, audience: parsed.AUTH_AUDIENCE },
    internalSecret: parsed.AGORA_INTERNAL_SECRET,
    revocations: {
      required:
        parsed.GATEWAY_REVOCATIONS_REQUIRED === undefined
          ? parsed.NODE_ENV === 'production'
          : /^(true|1|yes|on)$/i.test(parsed.GATEWAY_REVOCATIONS_REQUIRED),
      accessTokenTtlSeconds: parsed.ACCESS_TOKEN_TTL_SECONDS,
    },
    realtime: {
      natsServers: parsed.NATS_URL,
      natsUser: parsed.NATS_USER,
      natsPassword: parsed.NATS_PASSWORD,
      maxSubscriptionsPerConnection: parsed.REALTIME_MAX_SUBSCRIPTIONS_PER_CONNECTION,
      maxSubscriptionsPerViewer: parsed.REALTIME_MAX_SUBSCRIPTIONS_PER_VIEWER,
      maxMessageBytes: parsed.REALTIME_MAX_MESSAGE_BYTES,
      keepAliveMs: parsed.REALTIME_KEEPALIVE_MS,
      bufferMessages: parsed.REALTIME_BUFFER_MESSAGES,
    },
    trustProxy: parsed.GATEWAY_TRUST_PROXY,
    rateLimits: { enabled: parsed.AGORA_RATE_LIMITS, perMinute: parsed.GATEWAY_RATE_LIMIT_PER_MINUTE },
  };
}

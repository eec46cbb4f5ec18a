/**
 * @agora/service-kit — what every Agora process shares: config, logging, typed errors,
 * the verified-identity header, Relay pagination, the subgraph HTTP server with health checks,
 * and clean shutdown.
 */
import type { DocumentNode, GraphQLError } from 'graphql';
import type { Application } from 'express';
import type { Logger } from 'pino';
import type { z } from 'zod';

export type { Logger };

// ── config ──────────────────────────────────────────────────────────────────────────────────────
/**
 * Parses env once with zod. On failure prints ONE line (`config: IDENTITY_PORT: expected number`)
 * to stderr and exits with code 78 (EX_CONFIG).
 */
export declare function loadConfig<S extends z.ZodType>(schema: S, env?: NodeJS.ProcessEnv): z.infer<S>;
/** Reusable zod pieces: port numbers, log levels, URLs, the internal secret. */
export declare const env: {
  port: (defaultPort: number) => z.ZodType<number>;
  logLevel: z.ZodType<'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'>;
  /** `AGORA_INTERNAL_SECRET`: ≥ 32 chars; a fixed development default outside production. */
  internalSecret: z.ZodType<string>;
  optionalUrl: z.ZodType<string | undefined>;
};

// ── logging ─────────────────────────────────────────────────────────────────────────────────────
/** pino JSON logger with `service` bound; secrets (authorization, password, tokens) redacted. */
export declare function createLogger(service: string, level?: string): Logger;

// ── errors ──────────────────────────────────────────────────────────────────────────────────────
/** The codes frontends switch on (API.md). */
export type ErrorCode = 'BAD_USER_INPUT' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'RATE_LIMITED';
/**
 * An expected failure. `reason` is `<CONTEXT>.<REASON>` (e.g. `IDENTITY.EMAIL_TAKEN`) and crosses
 * process boundaries as `extensions.reason`; `code` becomes `extensions.code`; `field` (the
 * input field at fault) becomes `extensions.field`.
 */
export declare class DomainError extends Error {
  readonly code: ErrorCode;
  readonly reason: string;
  readonly field: string | undefined;
  constructor(code: ErrorCode, reason: string, message: string, field?: string);
}
/**
 * Validates `input` with a zod schema; the first issue becomes a DomainError BAD_USER_INPUT with
 * `field` = the path (dot-joined) and reason `<context>.INVALID_INPUT`.
 */
export declare function parseInput<S extends z.ZodType>(schema: S, input: unknown, context: string): z.infer<S>;
/** DomainError → GraphQLError with extensions { code, reason, field }. Anything else → masked INTERNAL_SERVER_ERROR. */
export declare function toGraphQLError(error: unknown): GraphQLError;

// ── identity between gateway and subgraphs ─────────────────────────────────────────────────────
/** The verified caller, as forwarded by the gateway. */
export interface Viewer {
  userId: string;
  username: string;
}
/** Header the gateway sets (and strips from clients): a short-lived HS256 JWT over the viewer. */
export declare const IDENTITY_HEADER: 'x-agora-identity';
export declare function signIdentityHeader(viewer: Viewer, secret: string, ttlSeconds?: number): Promise<string>;
/** Returns null for a missing header; throws DomainError UNAUTHENTICATED for an invalid one. */
export declare function verifyIdentityHeader(value: string | undefined, secret: string): Promise<Viewer | null>;
/** Throws DomainError UNAUTHENTICATED when there is no viewer. */
export declare function requireViewer(context: { viewer: Viewer | null }): Viewer;

// ── pagination (Relay connections) ─────────────────────────────────────────────────────────────
export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
}
export interface PageRequest {
  /** Validated page size (default 20, 1..100). */
  first: number;
  /** Decoded cursor parts, or null for the first page. */
  after: (string | number)[] | null;
}
/** BAD_USER_INPUT (field `first` / `after`) for first < 1, first > max, or a malformed cursor. */
export declare function parsePageArgs(args: ConnectionArgs, options?: { defaultFirst?: number; max?: number }): PageRequest;
export declare function encodeCursor(parts: (string | number)[]): string;
export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}
/** `rows` fetched with limit first + 1; the extra row only sets hasNextPage. */
export declare function toConnection<T>(rows: T[], first: number, cursorOf: (row: T) => (string | number)[]): Connection<T>;

// ── GraphQL subgraph server ───────────────────────────────────────────────────────────────────
export interface BaseContext {
  viewer: Viewer | null;
  requestId: string;
  logger: Logger;
}
export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, boolean>;
}
export interface SubgraphServerOptions<C extends BaseContext> {
  name: string;
  host: string;
  port: number;
  /** SDL including `extend schema @link(...)` and the `@auth` directive declaration. */
  typeDefs: DocumentNode;
  /** Resolver map (typed in each subgraph by graphql-codegen's `Resolvers<Context>`). */
  resolvers: object;
  /** Adds per-request state (DataLoaders, use cases) to the base context. */
  createContext: (base: BaseContext) => C | Promise<C>;
  /** Called by /health/ready; report every dependency. */
  readiness: () => Promise<ReadinessReport>;
  internalSecret: string;
  logger: Logger;
  /** Extra routes (e.g. identity's /.well-known/jwks.json), mounted before /graphql. */
  routes?: (app: Application) => void;
  /** JSON body limit; default 100kb. */
  bodyLimit?: string;
}
export interface RunningServer {
  url: string;
  port: number;
  /** Stops accepting connections, waits for in-flight requests. */
  close(): Promise<void>;
}
/**
 * Starts an Apollo Federation 2 subgraph on express 5: `/graphql`, `/health/live`,
 * `/health/ready`. Fields and types marked `@auth` require a viewer (UNAUTHENTICATED otherwise),
 * enforced here in the subgraph. Errors: DomainError → typed; everything else masked and logged
 * once; no stack traces in responses.
 */
export declare function startSubgraphServer<C extends BaseContext>(options: SubgraphServerOptions<C>): Promise<RunningServer>;

/** SDL of the `@auth` directive, to include in every subgraph schema. */
export declare const AUTH_DIRECTIVE_SDL: string;

// ── lifecycle ─────────────────────────────────────────────────────────────────────────────────
export interface Stoppable {
  stop(): Promise<void>;
}
/**
 * Runs a service: calls `start`, logs fatal start-up errors (exit 1), and on SIGTERM/SIGINT calls
 * `stop()` once (exit 0), with a hard timeout (default 10 s, exit 1).
 */
export declare function runService(name: string, logger: Logger, start: () => Promise<Stoppable>, options?: { shutdownTimeoutMs?: number }): void;

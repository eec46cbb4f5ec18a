/**
 * @agora/service-kit — what every Agora process shares: config, logging, typed errors,
 * the verified-identity header, Relay pagination, the subgraph HTTP server with health checks,
 * and clean shutdown.
 */
import type { Logger } from 'pino';

export type { Logger };

// ── config ──────────────────────────────────────────────────────────────────────────────────────
export { loadConfig, env, DEV_INTERNAL_SECRET, CONFIG_EXIT_CODE, formatConfigError, type LogLevel } from './config';
export { contextEnv, toContextConfig, contextConfigSchema, type ContextConfig } from './context-config';
export { DateTimeScalar } from './date-time';

// ── logging ─────────────────────────────────────────────────────────────────────────────────────
export { createLogger } from './logger';

// ── errors ──────────────────────────────────────────────────────────────────────────────────────
export { DomainError, type DomainErrorOptions } from '@agora/kernel';
export { parseInput, toGraphQLError, isExpectedError, formatSubgraphError, type ErrorCode } from './errors';

// ── identity between gateway and subgraphs ─────────────────────────────────────────────────────
export {
  IDENTITY_HEADER,
  IDENTITY_HEADER_TTL_SECONDS,
  IDENTITY_HEADER_TYPE,
  ANY_SUBGRAPH_AUDIENCE,
  gatewaySignatureRequired,
  signIdentityHeader,
  verifyIdentity,
  verifyIdentityHeader,
  requireViewer,
  hasRole,
  VIEWER_ROLES,
  type ViewerRole,
  type Viewer,
  type ForwardedIdentity,
  type SignIdentityOptions,
  type VerifyIdentityOptions,
} from './identity-header';

// ── pagination (Relay connections) ─────────────────────────────────────────────────────────────
export {
  PAGE_SIZE,
  parsePageArgs,
  encodeCursor,
  decodeCursor,
  toConnection,
  parseKeysetPage,
  toKeysetConnection,
  type KeysetCursor,
  type KeysetPage,
  type ConnectionArgs,
  type PageRequest,
  type Connection,
} from './pagination';

// ── DataLoaders ──────────────────────────────────────────────────────────────────────────────
export { uuidBatchLoader, viewerIdOf, RequestLoaders } from './loaders';

// ── GraphQL subgraph server ───────────────────────────────────────────────────────────────────
export { startSubgraphServer, SUBGRAPH_LIMITS, type BaseContext, type SubgraphServerOptions, type RunningServer } from './subgraph-server';
export type { ReadinessReport } from './health';
export { AUTH_DIRECTIVE_SDL, applyAuthDirective } from './auth-directive';
export {
  REQUIRES_ROLE_DIRECTIVE_SDL,
  ROLE_ENUM_SDL,
  applyRequiresRoleDirective,
  withRequiresRoleDirective,
  roleRequired,
} from './role-directive';
export { subgraphSchemaHeader } from './schema-header';

// ── lifecycle ─────────────────────────────────────────────────────────────────────────────────
export { runService, type Stoppable } from './lifecycle';

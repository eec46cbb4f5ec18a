/** The codes frontends switch on (API.md). */
export type ErrorCode = 'BAD_USER_INPUT' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'RATE_LIMITED';

/**
 * An expected failure: a rule said no. `code` becomes the GraphQL error's `extensions.code`,
 * `reason` (`<CONTEXT>.<REASON>`, e.g. `SOCIAL.CANNOT_FOLLOW_SELF`) crosses process boundaries as
 * `extensions.reason`, and `field` (the input field at fault) becomes `extensions.field`.
 * `options.retryAfter` (whole seconds, for RATE_LIMITED) becomes `extensions.retryAfter`.
 *
 * Domain code throws these (or a context's subclass with named factories); the command pipeline
 * and the subgraph server pass them to the client as they are. Anything that is not a DomainError
 * is unexpected and reaches the client masked.
 */
export class DomainError extends Error {
  override name = 'DomainError';

  constructor(
    readonly code: ErrorCode,
    readonly reason: string,
    message: string,
    readonly field?: string,
    options: DomainErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    if (options.retryAfter !== undefined) this.retryAfter = Math.max(1, Math.ceil(options.retryAfter));
  }

  /** Whole seconds after which a retry may succeed (RATE_LIMITED); undefined = not said. */
  readonly retryAfter?: number;
}

export interface DomainErrorOptions {
  /** Seconds until a retry may succeed; rounded up to a whole second, at least 1. */
  retryAfter?: number;
  cause?: unknown;
}

/** A stored record changed under a writer that believed it held the lock: a bug, not a user error. */
export class ConcurrentModificationError extends Error {
  override name = 'ConcurrentModificationError';

  constructor(what: string) {
    super(`${what} was modified concurrently`);
  }
}

import type { RequestHandler } from 'express';
import type { GraphQLFormattedError } from 'graphql';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

export interface RequestBudgetOptions {
  /** False with `AGORA_RATE_LIMITS=off`: every operation is let through. */
  enabled: boolean;
  /** `GATEWAY_RATE_LIMIT_PER_MINUTE` (default 1200): operations one client IP may start per minute. */
  perMinute: number;
}

/** The refusal of an operation over the budget: when a retry may succeed. */
export interface BudgetRefusal {
  /** Whole seconds (≥ 1). */
  retryAfter: number;
}

/**
 * The gateway's global per-IP budget: every GraphQL operation (HTTP `/graphql`, an operation or
 * subscription started over WebSocket or SSE) takes one point from its client IP's budget of
 * `perMinute` per fixed minute. Kept in memory (rate-limiter-flexible's RateLimiterMemory), so it
 * is PER GATEWAY INSTANCE: N instances behind a balancer allow up to N × the budget. It is a
 * flood guard in front of the subgraphs, not the product's limits: identity's login, register
 * and mail limits are shared by every instance (stored in its database).
 */
export interface RequestBudget {
  /** null = go ahead; otherwise refused. A null IP (unknown) shares the `unknown` budget. */
  take(clientIp: string | null): Promise<BudgetRefusal | null>;
}

export const RATE_LIMITED_REASON = 'GATEWAY.RATE_LIMITED';

export function createRequestBudget(options: RequestBudgetOptions): RequestBudget {
  if (!options.enabled) return { take: async () => null };
  const limiter = new RateLimiterMemory({ points: options.perMinute, duration: 60 });
  return {
    async take(clientIp) {
      try {
        await limiter.consume(clientIp ?? 'unknown');
        return null;
      } catch (error) {
        if (error instanceof RateLimiterRes) return { retryAfter: Math.max(1, Math.ceil(error.msBeforeNext / 1000)) };
        throw error;
      }
    },
  };
}

/** The refusal in the GraphQL error shape the gateway answers with. */
export function rateLimitedError(refusal: BudgetRefusal): GraphQLFormattedError {
  return {
    message: `Too many requests: try again in ${refusal.retryAfter} s`,
    extensions: { code: 'RATE_LIMITED', reason: RATE_LIMITED_REASON, retryAfter: refusal.retryAfter },
  };
}

/**
 * Express middleware for `/graphql`: an IP over its budget gets HTTP 429 with `Retry-After` and
 * `{ errors: [RATE_LIMITED] }`; nothing is parsed, planned or sent to a subgraph.
 */
export function requestBudgetMiddleware(
  budget: RequestBudget,
  clientIpOf: (req: Parameters<RequestHandler>[0]) => string | null,
): RequestHandler {
  return (req, res, next) => {
    budget.take(clientIpOf(req)).then((refusal) => {
      if (!refusal) return next();
      res.setHeader('retry-after', String(refusal.retryAfter));
      res
        .status(429)
        .type('application/json')
        .send(JSON.stringify({ errors: [rateLimitedError(refusal)] }));
    }, next);
  };
}

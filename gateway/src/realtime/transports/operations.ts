/**
 * What both realtime transports do with one client operation, so WebSocket and SSE behave the
 * same: parse it with the gateway's parser limits, then
 * - a query or mutation runs through the gateway's own Apollo server (`executeOperation`: the same
 *   plugins, limits, error policy and subgraph data sources as HTTP POST /graphql), one result;
 * - a subscription is validated against the API schema with the gateway's request limits (depth,
 *   aliases, directives, cost: a subscription is resolved once per event, so they matter more,
 *   not less), then handed to the realtime engine, which answers a stream or a typed refusal.
 * Every error leaves here formatted (GraphQLFormattedError), ready for the wire.
 */
import type { Logger, Viewer } from '@agora/service-kit';
import type { ApolloServer } from '@apollo/server';
import {
  getOperationAST,
  GraphQLError,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type FormattedExecutionResult,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type OperationTypeNode,
  type ParseOptions,
  type ValidationRule,
} from 'graphql';
import { z } from 'zod';
import { variableCostError } from '../../limits/operation-cost';
import { LIMIT_REASONS, REQUEST_LIMITS } from '../../limits/request-limits';
import type { GatewayContext } from '../../subgraphs/gateway-context';
import type { RealtimeEngine, RealtimeMessage } from '../engine/types';
import { createRealtimeErrorFormatter, notReady, TRANSPORT_REASONS, transportError, unauthenticated, unavailable } from './realtime-errors';

/** The GraphQL-over-HTTP request shape, shared by the WebSocket `subscribe` payload and the SSE body. */
export const operationRequestSchema = z.object({
  query: z.string({ error: 'expected a `query` string' }).min(1, 'expected a non-empty `query`'),
  variables: z.record(z.string(), z.unknown()).nullish(),
  operationName: z.string().nullish(),
  extensions: z.record(z.string(), z.unknown()).nullish(),
});
export type OperationRequest = z.infer<typeof operationRequestSchema>;

/**
 * Positions are REALTIME stream sequences (decimal, ≥ 0). Anything else is refused at the edge
 * rather than handed to the engine. Numbers are accepted too (a JSON client may send one).
 */
const positionSchema = z.union([
  z.string().regex(/^(0|[1-9][0-9]{0,18})$/),
  z
    .number()
    .int()
    .nonnegative()
    .max(Number.MAX_SAFE_INTEGER)
    .transform((n) => String(n)),
]);

export interface OperationContext {
  viewer: Viewer | null;
  /** Propagated to subgraphs as `x-request-id`. */
  requestId: string;
  /** The client's IP (the connection's), signed into the identity header of subgraph fetches. */
  clientIp: string | null;
}

/** A delivery as it goes on the wire: the position and the formatted payload. */
export interface DeliveredMessage {
  position: string;
  result: FormattedExecutionResult;
}

export type SubscribeOutcome =
  | { ok: false; errors: GraphQLFormattedError[] }
  /** `iterator` yields in position order; `return()` ends the engine's subscription. */
  | { ok: true; iterator: AsyncIterator<DeliveredMessage> };

export type PreparedOperation =
  /** `httpStatus`: for SSE, refusals that are about the HTTP request rather than the operation. */
  | { kind: 'refused'; errors: GraphQLFormattedError[]; httpStatus?: number }
  | {
      kind: 'single';
      operation: OperationTypeNode;
      document: DocumentNode;
      execute(context: OperationContext): Promise<FormattedExecutionResult>;
    }
  | {
      kind: 'subscription';
      document: DocumentNode;
      subscribe(context: OperationContext & { signal: AbortSignal }): Promise<SubscribeOutcome>;
    };

export interface RealtimeOperationsOptions {
  /** The gateway's Apollo server, once started. */
  apollo(): ApolloServer<GatewayContext> | undefined;
  /** The supergraph's API schema, once loaded. */
  apiSchema(): GraphQLSchema | undefined;
  /** Undefined until NATS is attached: subscriptions are then refused with SERVICE_UNAVAILABLE. */
  engine(): RealtimeEngine | undefined;
  /** The gateway's request limits (limits/request-limits.ts): armor's rules and the token cap. */
  validationRules: readonly ValidationRule[];
  parseOptions: ParseOptions;
  /** Production hides "Did you mean …?" suggestions (they leak the schema without introspection). */
  production: boolean;
  logger: Logger;
}

export interface RealtimeOperations {
  /**
   * `after`: the raw resume position the transport found (WebSocket `extensions.after`, SSE
   * `Last-Event-ID` or `extensions.after`); `allowMutations`: false for SSE GET.
   */
  prepare(request: OperationRequest, options?: { after?: unknown; allowMutations?: boolean }): PreparedOperation;
}

/** graphql-armor's block-field-suggestions plugin masks these the same way on HTTP. */
const SUGGESTION = /Did you mean ".+"\?/g;

export function createRealtimeOperations(options: RealtimeOperationsOptions): RealtimeOperations {
  const formatError = createRealtimeErrorFormatter(options.logger);
  const format = (errors: readonly GraphQLError[]) => errors.map(formatError);
  const refused = (errors: readonly GraphQLError[], httpStatus?: number): PreparedOperation => ({
    kind: 'refused',
    errors: format(errors),
    ...(httpStatus !== undefined && { httpStatus }),
  });
  const rules = [...specifiedRules, ...options.validationRules];

  return {
    prepare(request, { after, allowMutations = true } = {}) {
      const apollo = options.apollo();
      const schema = options.apiSchema();
      if (!apollo || !schema) return refused([notReady()], 503);

      let document: DocumentNode;
      try {
        document = parse(request.query, options.parseOptions);
      } catch (error) {
        const syntax = error instanceof GraphQLError ? error : new GraphQLError(String(error));
        // Same code as Apollo's; formatError turns the token-limit one into REQUEST.TOKEN_LIMIT.
        return refused([
          new GraphQLError(syntax.message, {
            nodes: syntax.nodes,
            source: syntax.source,
            positions: syntax.positions,
            extensions: { code: 'GRAPHQL_PARSE_FAILED' },
          }),
        ]);
      }
      const operation = getOperationAST(document, request.operationName ?? undefined);
      if (!operation) {
        const message = request.operationName
          ? `Unknown operation named "${request.operationName}".`
          : 'Must provide operation name if query contains multiple operations.';
        return refused([new GraphQLError(message, { extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } })]);
      }

      if (operation.operation !== 'subscription') {
        if (operation.operation === 'mutation' && !allowMutations) {
          return refused(
            [transportError('BAD_REQUEST', TRANSPORT_REASONS.mutationOverGet, 'Mutations cannot be sent with GET; use POST')],
            405,
          );
        }
        return {
          kind: 'single',
          operation: operation.operation,
          document,
          execute: (context) => executeSingle(apollo, request, context),
        };
      }

      const invalid = validate(schema, document, rules).map((error) => validationError(error, options.production));
      if (invalid.length > 0) return refused(invalid);
      // The cost with this request's variables (the rule above counted a variable page size as its
      // default or 1): a subscription whose variables blow the cost is refused before anything starts.
      const tooCostly = variableCostError(schema, document, operation, request.variables ?? {}, {
        maxCost: REQUEST_LIMITS.maxCost,
        reason: LIMIT_REASONS.cost,
      });
      if (tooCostly) {
        const { http: _http, ...extensions } = tooCostly.extensions;
        return refused([new GraphQLError(tooCostly.message, { nodes: tooCostly.nodes, extensions })]);
      }

      const position = after === undefined || after === null || after === '' ? undefined : positionSchema.safeParse(after);
      if (position && !position.success) {
        return refused([
          transportError(
            'BAD_USER_INPUT',
            TRANSPORT_REASONS.invalidPosition,
            'The resume position (`after`, Last-Event-ID) must be a position this API handed out',
          ),
        ]);
      }

      return {
        kind: 'subscription',
        document,
        subscribe: async ({ viewer, requestId, clientIp, signal }) => {
          // The engine refuses anonymous viewers too; checked here so the answer does not depend
          // on whether NATS is attached yet.
          if (!viewer) return { ok: false, errors: format([unauthenticated()]) };
          const engine = options.engine();
          if (!engine) return { ok: false, errors: format([unavailable()]) };
          try {
            const result = await engine.subscribe({
              document,
              operationName: request.operationName ?? null,
              variables: request.variables ?? null,
              viewer,
              requestId,
              clientIp,
              ...(position?.success && { after: position.data }),
              signal,
            });
            if (!result.ok) return { ok: false, errors: format(result.errors) };
            return { ok: true, iterator: delivered(result.messages) };
          } catch (error) {
            // Not a refusal: a bug or a lost dependency. Logged once by the formatter, masked.
            return { ok: false, errors: format([new GraphQLError('subscribe failed', { originalError: error as Error })]) };
          }
        },
      };
    },
  };
}

async function executeSingle(
  apollo: ApolloServer<GatewayContext>,
  request: OperationRequest,
  contextValue: OperationContext,
): Promise<FormattedExecutionResult> {
  const response = await apollo.executeOperation(
    {
      query: request.query,
      ...(request.variables && { variables: request.variables }),
      ...(request.operationName && { operationName: request.operationName }),
      ...(request.extensions && { extensions: request.extensions }),
    },
    { contextValue },
  );
  if (response.body.kind === 'single') return response.body.singleResult;
  // Incremental delivery (@defer/@stream) is not something the gateway serves.
  const rest = response.body.subsequentResults as AsyncIterable<unknown> & Partial<AsyncIterator<unknown>>;
  await rest.return?.();
  return {
    errors: [
      {
        message: 'Incremental delivery is not supported here',
        extensions: { code: 'BAD_REQUEST', reason: TRANSPORT_REASONS.unsupportedResult },
      },
    ],
  };
}

/** Like Apollo: validation errors say GRAPHQL_VALIDATION_FAILED, except the limits' own (tagged BAD_USER_INPUT). */
function validationError(error: GraphQLError, production: boolean): GraphQLError {
  const message = production ? error.message.replace(SUGGESTION, '').trim() : error.message;
  const extensions =
    typeof error.extensions.code === 'string' ? error.extensions : { ...error.extensions, code: 'GRAPHQL_VALIDATION_FAILED' };
  return new GraphQLError(message, { nodes: error.nodes, source: error.source, positions: error.positions, extensions });
}

/**
 * The engine's messages as wire payloads: the position goes into `extensions.position` (what a
 * WebSocket client sends back as `extensions.after`; SSE also writes it as the event's `id:`).
 * Payload errors were formatted by the engine already (engine/errors.ts) and go out as they are.
 */
function delivered(messages: AsyncIterable<RealtimeMessage>): AsyncIterator<DeliveredMessage> {
  const inner = messages[Symbol.asyncIterator]();
  let done = false;
  return {
    async next() {
      if (done) return { done: true, value: undefined };
      const step = await inner.next();
      if (step.done) {
        done = true;
        return { done: true, value: undefined };
      }
      const { id, payload } = step.value;
      const result: FormattedExecutionResult = {
        ...(payload.data !== undefined && { data: payload.data }),
        ...(payload.errors && {
          errors: payload.errors.map((e) => (typeof e.toJSON === 'function' ? e.toJSON() : (e as GraphQLFormattedError))),
        }),
        extensions: { ...payload.extensions, position: id },
      };
      return { done: false, value: { position: id, result } };
    },
    async return() {
      if (!done) {
        done = true;
        await inner.return?.();
      }
      return { done: true, value: undefined };
    },
  };
}

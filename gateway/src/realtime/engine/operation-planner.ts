import { SUBSCRIPTION_FIELDS, type SubscriptionField } from '@agora/realtime';
import type { Logger } from '@agora/service-kit';
import { Supergraph, operationFromDocument, type Schema } from '@apollo/federation-internals';
import { buildOperationContext, executeQueryPlan, type ServiceMap } from '@apollo/gateway';
import { QueryPlanner, type FetchNode, type QueryPlan } from '@apollo/query-planner';
import {
  GraphQLError,
  Kind,
  getArgumentValues,
  getOperationAST,
  getVariableValues,
  parse,
  print,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import type { GatewayContext } from '../../subgraphs/gateway-context';
import { REASONS, realtimeError } from './errors';
import { LruCache } from './lru';
import { fieldsOf, selectsOnlyKeys } from './selection';

/** The subgraph the gateway serves itself (schema/subgraphs.json `servedByGateway`). */
export const REALTIME_SUBGRAPH = 'realtime';

type OperationContext = ReturnType<typeof buildOperationContext>;
type RequestContext = Parameters<typeof executeQueryPlan>[2];

/** An operation checked against the API schema and planned, ready to execute many times. */
export interface PreparedOperation {
  document: DocumentNode;
  source: string;
  operationName: string | null;
  operation: OperationDefinitionNode;
  operationContext: OperationContext;
  /** What executeQueryPlan runs: for a subscription, Sequence[primary, rest]. */
  plan: QueryPlan;
}

export interface PreparedSubscription extends PreparedOperation {
  field: SubscriptionField;
  rootField: FieldNode;
  fieldDefinition: GraphQLField<unknown, unknown>;
  /** The root field's alias or name: where its value is in `data`. */
  responseKey: string;
  /** The selection needs nothing but keys and `kind` (see selection.ts). */
  keysOnly: boolean;
  /** realtime's fetch, executed locally with the event's value as the root (local-data-source.ts). */
  primary: { fetch: FetchNode; document: DocumentNode };
}

export type Prepared<T> = { ok: true; prepared: T } | { ok: false; errors: readonly GraphQLError[] };

/**
 * The supergraph as the engine uses it: the API schema subscriptions are validated against,
 * Apollo's query planner (the one @apollo/gateway uses) and an LRU of plans per (document,
 * operation name) — clients send the same few documents over and over.
 *
 * A subscription plans to `Subscription { primary: Fetch(realtime), rest }`. @apollo/gateway's
 * executor refuses that node, so the engine executes `Sequence[primary, rest]` instead, with a
 * service map in which `realtime` answers the primary fetch locally from the event.
 */
export class OperationPlanner {
  readonly schema: GraphQLSchema;
  /** The subgraphs plans fetch from (realtime excluded: the engine answers its fetch itself). */
  readonly remoteSubgraphs: readonly string[];
  /** realtime's subgraph schema as composed into the supergraph (what the primary fetch runs on). */
  readonly realtimeSchema: GraphQLSchema;
  private readonly apiSchema: Schema;
  private readonly supergraphSchema: GraphQLSchema;
  private readonly planner: QueryPlanner;
  private readonly subscriptions: LruCache<string, Prepared<PreparedSubscription>>;
  private readonly queries = new Map<string, PreparedOperation>();

  constructor(supergraphSdl: string, options: { cacheSize?: number } = {}) {
    const supergraph = Supergraph.build(supergraphSdl);
    this.apiSchema = supergraph.apiSchema();
    this.schema = this.apiSchema.toGraphQLJSSchema();
    this.supergraphSchema = supergraph.schema.toGraphQLJSSchema();
    this.planner = new QueryPlanner(supergraph);
    const realtime = supergraph.subgraphs().get(REALTIME_SUBGRAPH);
    if (!realtime) throw new Error(`the supergraph has no "${REALTIME_SUBGRAPH}" subgraph: compose it with subgraphs/realtime`);
    this.realtimeSchema = realtime.schema.toGraphQLJSSchema();
    this.remoteSubgraphs = supergraph
      .subgraphsMetadata()
      .map((subgraph) => subgraph.name)
      .filter((name) => name !== REALTIME_SUBGRAPH);
    this.subscriptions = new LruCache(options.cacheSize ?? 500);
  }

  /**
   * Validates and plans a client's subscription: GRAPHQL_VALIDATION_FAILED for an invalid
   * document, BAD_REQUEST for an unknown operation or one that is not a subscription.
   */
  prepareSubscription(document: DocumentNode, operationName: string | null): Prepared<PreparedSubscription> {
    const key = `${operationName ?? ''}\u0000${print(document)}`;
    let prepared = this.subscriptions.get(key);
    if (!prepared) {
      prepared = this.compileSubscription(document, operationName);
      this.subscriptions.set(key, prepared);
    }
    return prepared;
  }

  /**
   * A subscription's arguments, from its literal values and the request's variables (coerced as
   * graphql-js does); BAD_USER_INPUT when a variable does not fit its type.
   */
  argumentsOf(
    prepared: PreparedSubscription,
    variables: Record<string, unknown>,
  ): { ok: true; args: Record<string, unknown>; variables: Record<string, unknown> } | { ok: false; errors: readonly GraphQLError[] } {
    const coerced = getVariableValues(this.schema, prepared.operation.variableDefinitions ?? [], variables, { maxErrors: 10 });
    if (coerced.errors) {
      return { ok: false, errors: coerced.errors.map((error) => realtimeError('BAD_USER_INPUT', REASONS.invalidArgument, error.message)) };
    }
    try {
      return {
        ok: true,
        args: getArgumentValues(prepared.fieldDefinition, prepared.rootField, coerced.coerced),
        variables: coerced.coerced,
      };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, errors: [realtimeError('BAD_USER_INPUT', REASONS.invalidArgument, message)] };
    }
  }

  /** Plans a query the engine itself sends (access checks); it is trusted text, so errors throw. */
  prepareQuery(source: string): PreparedOperation {
    let prepared = this.queries.get(source);
    if (!prepared) {
      const document = parse(source);
      const errors = validate(this.schema, document);
      if (errors.length > 0) throw new Error(`realtime: invalid internal query: ${errors.map((error) => error.message).join('; ')}`);
      const operation = getOperationAST(document);
      if (!operation) throw new Error('realtime: an internal query must hold one operation');
      const plan = this.planner.buildQueryPlan(operationFromDocument(this.apiSchema, document, { validate: false }));
      prepared = {
        document,
        source,
        operationName: operation.name?.value ?? null,
        operation,
        operationContext: buildOperationContext({ schema: this.schema, operationDocument: document }),
        plan,
      };
      this.queries.set(source, prepared);
    }
    return prepared;
  }

  /** Executes a prepared operation's plan as `context` (the subscriber) through `serviceMap`. */
  async execute(
    prepared: PreparedOperation,
    run: { context: GatewayContext; variables: Record<string, unknown>; serviceMap: ServiceMap; logger: Logger },
  ): Promise<ExecutionResult> {
    // executeQueryPlan reads request.variables, context, logger and metrics; the rest of Apollo
    // Server's request context is there for the types.
    const requestContext = {
      request: { query: prepared.source, operationName: prepared.operationName ?? undefined, variables: run.variables },
      context: run.context,
      logger: run.logger,
      schema: this.schema,
      document: prepared.document,
      source: prepared.source,
      queryHash: '',
      operationName: prepared.operationName,
      operation: prepared.operation,
      metrics: {},
      overallCachePolicy: undefined,
    } as unknown as RequestContext;
    const result = await executeQueryPlan(
      prepared.plan,
      run.serviceMap,
      requestContext,
      prepared.operationContext,
      this.supergraphSchema,
      this.apiSchema,
    );
    return result as ExecutionResult;
  }

  private compileSubscription(document: DocumentNode, operationName: string | null): Prepared<PreparedSubscription> {
    const validationErrors = validate(this.schema, document);
    if (validationErrors.length > 0) {
      return {
        ok: false,
        errors: validationErrors.map(
          (error) =>
            new GraphQLError(error.message, {
              nodes: error.nodes,
              source: error.source,
              positions: error.positions,
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
            }),
        ),
      };
    }
    const operation = getOperationAST(document, operationName);
    if (!operation) {
      const message = operationName
        ? `Unknown operation named "${operationName}"`
        : 'Must provide an operation name when the document holds several operations';
      return { ok: false, errors: [realtimeError('BAD_REQUEST', REASONS.unknownOperation, message)] };
    }
    if (operation.operation !== 'subscription') {
      return {
        ok: false,
        errors: [
          realtimeError(
            'BAD_REQUEST',
            REASONS.notASubscription,
            `This endpoint streams subscriptions; send ${operation.operation === 'query' ? 'queries' : 'mutations'} to POST /graphql`,
          ),
        ],
      };
    }
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
    // Validation (SingleFieldSubscriptionsRule) guarantees exactly one root field.
    const rootField = fieldsOf(operation.selectionSet, fragments)[0]!;
    const field = rootField.name.value as SubscriptionField;
    const fieldDefinition = this.schema.getSubscriptionType()?.getFields()[field];
    if (!SUBSCRIPTION_FIELDS.includes(field) || !fieldDefinition) {
      return { ok: false, errors: [realtimeError('BAD_REQUEST', REASONS.notASubscription, `No subscription field "${field}"`)] };
    }
    const queryPlan = this.planner.buildQueryPlan(
      operationFromDocument(this.apiSchema, document, { operationName: operationName ?? undefined, validate: false }),
    );
    const node = queryPlan.node;
    if (node?.kind !== 'Subscription' || node.primary.serviceName !== REALTIME_SUBGRAPH) {
      throw new Error(`realtime: unexpected plan for a subscription (${node?.kind ?? 'empty'})`);
    }
    const rest = node.rest && !(node.rest.kind === 'Sequence' && node.rest.nodes.length === 0) ? node.rest : undefined;
    return {
      ok: true,
      prepared: {
        document,
        source: print(document),
        operationName,
        operation,
        operationContext: buildOperationContext({
          schema: this.schema,
          operationDocument: document,
          operationName: operationName ?? undefined,
        }),
        plan: { kind: 'QueryPlan', node: rest ? { kind: 'Sequence', nodes: [node.primary, rest] } : node.primary },
        field,
        rootField,
        fieldDefinition,
        responseKey: rootField.alias?.value ?? field,
        keysOnly: selectsOnlyKeys(rootField, fragments),
        primary: { fetch: node.primary, document: parse(node.primary.operation) },
      },
    };
  }
}

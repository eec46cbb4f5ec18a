import { PAGE_SIZE } from '@agora/service-kit';
import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  Kind,
  getNamedType,
  isInterfaceType,
  isObjectType,
  valueFromASTUntyped,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationRule,
} from 'graphql';

/**
 * The cost is the size of the answer: every value the response will hold, a field with a
 * selection (an object: a row, an entity to resolve) weighing 2 and a leaf 1, each counted as
 * many times as the pages around it repeat it (a paginated field's whole subtree × its page size).
 * No factor per level (armor's ×1.5): depth has its own limit, and the factor made a page of
 * 10 000 users cost as much as one of 300 000 values (issue #15: a 100 × 100 page was refused).
 */
export const COST_WEIGHTS = { object: 2, scalar: 1 } as const;

/** What every Agora subgraph does with `first`/`last`: absent = 20, capped at 100 (service-kit's pagination.ts). */
export { PAGE_SIZE };

const PAGE_ARGUMENTS = ['first', 'last'];

export interface CostOptions {
  /**
   * The request's variables. Omitted (a validation rule, which runs once per document and is
   * cached): a page size given by a variable counts as the variable's declared default, else 1 —
   * a lower bound; the per-request check (costLimitPlugin) counts the real values.
   */
  variables?: Readonly<Record<string, unknown>>;
}

/**
 * The estimated cost of one operation, counting `first`/`last` whether it is a literal, a
 * variable's value (or its declared default) or the argument's schema default, and counting a
 * paginated field without one at the subgraphs' default (20); every page size is capped at the
 * subgraphs' maximum (100). Fragments are flattened (a fragment costs what its fields would cost
 * inline), and each fragment is costed once, so fragments spread many times cannot make the walk
 * itself expensive. Introspection's `__schema`/`__type` cost nothing (as in armor); @skip and
 * @include are ignored (the estimate is an upper bound).
 */
export function operationCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Readonly<Record<string, FragmentDefinitionNode>>,
  options: CostOptions = {},
): number {
  const { variables } = options;
  const declaredDefaults = new Map<string, unknown>();
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.defaultValue) declaredDefaults.set(definition.variable.name.value, valueFromASTUntyped(definition.defaultValue));
  }
  const fragmentCosts = new Map<string, number>();
  const inProgress = new Set<string>();

  /** The page size a `first`/`last` argument asks for; undefined when nothing sets it. */
  const requestedSize = (field: FieldNode, name: string): unknown => {
    const argument = field.arguments?.find((a) => a.name.value === name);
    if (!argument) return undefined;
    const value = argument.value;
    if (value.kind === Kind.VARIABLE) {
      const variable = value.name.value;
      if (variables && Object.prototype.hasOwnProperty.call(variables, variable)) return variables[variable] ?? undefined;
      if (declaredDefaults.has(variable)) return declaredDefaults.get(variable) ?? undefined;
      // Unknown (validation, no variables): a lower bound. Not given at request time: the default.
      return variables ? undefined : 1;
    }
    if (value.kind === Kind.NULL) return undefined;
    return valueFromASTUntyped(value);
  };

  const pageSize = (field: FieldNode, definition: GraphQLField<unknown, unknown> | undefined): number => {
    let size: number | undefined;
    for (const name of PAGE_ARGUMENTS) {
      const argDefinition = definition?.args.find((a) => a.name === name);
      const requested = requestedSize(field, name);
      if (requested === undefined && !argDefinition) continue;
      let n: number;
      if (requested === undefined) {
        const schemaDefault = argDefinition?.defaultValue;
        n = typeof schemaDefault === 'number' ? schemaDefault : PAGE_SIZE.default;
      } else {
        // Not an integer: execution will refuse it; count the most it could mean.
        n = typeof requested === 'number' && Number.isFinite(requested) ? requested : PAGE_SIZE.max;
      }
      size = Math.max(size ?? 1, Math.min(Math.max(Math.floor(n), 1), PAGE_SIZE.max));
    }
    return size ?? 1;
  };

  const fieldsOf = (type: GraphQLNamedType | undefined) =>
    type && (isObjectType(type) || isInterfaceType(type)) ? type.getFields() : undefined;

  /** The sum of a selection set's costs, fragments flattened into it. */
  const selectionCost = (selectionSet: SelectionSetNode, parent: GraphQLNamedType | undefined): number => {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        total += fieldCost(selection, parent);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        total += selectionCost(selection.selectionSet, type ?? undefined);
      } else {
        total += fragmentCost(selection.name.value);
      }
    }
    return total;
  };

  const fragmentCost = (name: string): number => {
    const known = fragmentCosts.get(name);
    if (known !== undefined) return known;
    const fragment = fragments[name];
    // Unknown or cyclic fragments are refused by validation; they add nothing here.
    if (!fragment || inProgress.has(name)) return 0;
    inProgress.add(name);
    const cost = selectionCost(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value) ?? undefined);
    inProgress.delete(name);
    fragmentCosts.set(name, cost);
    return cost;
  };

  const fieldCost = (field: FieldNode, parent: GraphQLNamedType | undefined): number => {
    const name = field.name.value;
    if (name === '__schema' || name === '__type') return 0;
    const definition = fieldsOf(parent)?.[name];
    const multiplier = pageSize(field, definition);
    if (!field.selectionSet) return COST_WEIGHTS.scalar * multiplier;
    const type = definition ? getNamedType(definition.type) : undefined;
    return (COST_WEIGHTS.object + selectionCost(field.selectionSet, type)) * multiplier;
  };

  const root = schema.getRootType(operation.operation) ?? undefined;
  return selectionCost(operation.selectionSet, root);
}

/** Every fragment of a document by name. */
export function fragmentsOf(definitions: readonly { kind: string }[]): Record<string, FragmentDefinitionNode> {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      const fragment = definition as FragmentDefinitionNode;
      fragments[fragment.name.value] = fragment;
    }
  }
  return fragments;
}

/** The error both checks report: BAD_USER_INPUT, `extensions.reason` as given, HTTP 400. */
function costError(maxCost: number, cost: number, reason: string, node?: OperationDefinitionNode): GraphQLError {
  return new GraphQLError(`Query cost limit of ${maxCost} exceeded, found ${Math.round(cost)}.`, {
    nodes: node ? [node] : undefined,
    // `http` is read (and removed) by Apollo Server: an error thrown from didResolveOperation is a 500 otherwise.
    extensions: { code: 'BAD_USER_INPUT', reason, http: { status: 400 } },
  });
}

/**
 * The cost check as a validation rule: runs wherever documents are validated (HTTP, and the
 * realtime transports' subscriptions), without the variables (Apollo caches a document's
 * validation), so a page size given by a variable counts as its declared default or 1 here.
 */
export function costLimitRule(options: { maxCost: number; reason: string }): ValidationRule {
  return (context) => {
    const fragments = fragmentsOf(context.getDocument().definitions);
    return {
      OperationDefinition(operation) {
        const cost = operationCost(context.getSchema(), operation, fragments);
        if (cost > options.maxCost) context.reportError(costError(options.maxCost, cost, options.reason, operation));
        return false;
      },
    };
  };
}

/**
 * The cost of one operation with a request's variables, as the error to answer when it is over
 * `maxCost` (undefined when within): the HTTP plugin and the realtime transports' subscriptions
 * (whose variables arrive with the subscribe message) refuse with the same error.
 */
export function variableCostError(
  schema: GraphQLSchema,
  document: { definitions: readonly { kind: string }[] },
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>>,
  options: { maxCost: number; reason: string },
): GraphQLError | undefined {
  const cost = operationCost(schema, operation, fragmentsOf(document.definitions), { variables });
  return cost > options.maxCost ? costError(options.maxCost, cost, options.reason, operation) : undefined;
}

/**
 * The cost check with the request's variables, once the operation is resolved and before the
 * query plan runs (so before any subgraph fetch): `first: $n` with `n: 100` counts 100.
 */
export function costLimitPlugin(options: { maxCost: number; reason: string }): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return; // Apollo has already refused a document without the operation
          const error = variableCostError(schema, document, operation, request.variables ?? {}, options);
          if (error) throw error;
        },
      };
    },
  };
}

import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, type ValidationRule } from 'graphql';
import { costLimitPlugin, costLimitRule } from './operation-cost';

type ArmorConfig = NonNullable<ConstructorParameters<typeof ApolloArmor>[0]>;
type RejectCallback = NonNullable<NonNullable<ArmorConfig['maxDepth']>['onReject']>[number];

/**
 * Limits on what one operation may ask for. Numbers chosen for a social app's real screens:
 *
 * - depth 12: the deepest screen (post → comments → replies → author → ...) is ~9 levels, and Relay
 *   connections spend 2 levels per list (`edges { node }`). Fragments are flattened so splitting a
 *   query into fragments does not change its depth.
 * - aliases 15: fetching a handful of users/posts side by side is legitimate; hundreds of aliases
 *   is the classic batching amplification attack.
 * - directives 20: clients use a few `@include`/`@skip`; more is directive-overloading.
 * - tokens 2000: a large screen query with fragments is < 1000 tokens; the limit caps the parser's
 *   work before anything else runs (the introspection query Sandbox sends is ~300). Enforced by
 *   graphql-js's own parser (`maxLexicalTokens`), not armor's token plugin: armor's throws from
 *   Apollo's `parsingDidStart` hook, which Apollo Server 5 turns into a 500.
 * - cost 200000: the estimate of operation-cost.ts, the size of the answer (every value it will
 *   hold, objects 2, leaves 1, × the page sizes around it; no factor per level), measured on our
 *   screens (request-limits.test.ts): home feed of 20 posts = 560, of 100 posts (the page maximum)
 *   = 2.8k, a post page with 20 comments × 5 replies ≈ 1.6k, a page of 100 followings × 100 of
 *   their followers (issue #15: 10 000 users) ≈ 71k with usernames, ≈ 152k with a full user card.
 *   A third nested page multiplies that by its size: three nested pages of 100 (1 000 000 nodes)
 *   ≈ 8M are refused, three of 20 (the default) ≈ 59k are not. The page size counts whether it is
 *   a literal, a variable (checked per request, once the variables are known: see
 *   costLimitPlugin, and the realtime transports for subscriptions) or the argument's default,
 *   and a paginated field without `first` counts the subgraphs' default 20; every page size is
 *   capped at their maximum, 100 (which the subgraphs enforce themselves).
 * - field repeats 3: the same field (response key) written more than 3 times in one selection set
 *   is graphql-cop's "field duplication" (500 × `__typename`): the executor merges the copies, so
 *   only the parser and validation pay, and nothing legitimate needs it. Copies carrying a
 *   directive are not counted: the directive limit bounds them.
 * - field suggestions ("Did you mean ...?") are blocked in production: they leak the schema when
 *   introspection is off.
 */
export const REQUEST_LIMITS = {
  maxDepth: 12,
  maxAliases: 15,
  maxDirectives: 20,
  maxTokens: 2000,
  maxCost: 200_000,
  maxFieldRepeats: 3,
  /** JSON body limit; larger bodies get 413 before any GraphQL work. */
  bodyLimit: '100kb',
} as const;

/** `extensions.reason` of each limit's error; the code is always BAD_USER_INPUT. */
export const LIMIT_REASONS = {
  depth: 'REQUEST.DEPTH_LIMIT',
  aliases: 'REQUEST.ALIAS_LIMIT',
  directives: 'REQUEST.DIRECTIVE_LIMIT',
  tokens: 'REQUEST.TOKEN_LIMIT',
  cost: 'REQUEST.COST_LIMIT',
  fieldRepeats: 'REQUEST.FIELD_DUPLICATION_LIMIT',
  bodySize: 'REQUEST.TOO_LARGE',
} as const;

const limitReasons = new Set<string>(Object.values(LIMIT_REASONS));
export const isLimitReason = (reason: unknown): boolean => typeof reason === 'string' && limitReasons.has(reason);

/**
 * Armor reports a rejection through a validation rule; Apollo then stamps every validation error
 * `GRAPHQL_VALIDATION_FAILED`. Tagging ours with a reason lets formatError re-type them as
 * BAD_USER_INPUT (API.md) while genuine validation errors keep Apollo's code.
 */
function tagged(reason: string): { onReject: RejectCallback[]; propagateOnRejection: false } {
  return {
    propagateOnRejection: false,
    onReject: [
      (context, error) => {
        context?.reportError(new GraphQLError(error.message, { nodes: error.nodes, extensions: { code: 'BAD_USER_INPUT', reason } }));
      },
    ],
  };
}

export function requestLimitPlugins(options: { production: boolean }) {
  const armor = new ApolloArmor({
    maxDepth: { n: REQUEST_LIMITS.maxDepth, flattenFragments: true, ...tagged(LIMIT_REASONS.depth) },
    maxAliases: { n: REQUEST_LIMITS.maxAliases, ...tagged(LIMIT_REASONS.aliases) },
    maxDirectives: { n: REQUEST_LIMITS.maxDirectives, ...tagged(LIMIT_REASONS.directives) },
    maxTokens: { enabled: false }, // see parseOptions
    costLimit: { enabled: false }, // operation-cost.ts: armor's cannot see variables
    blockFieldSuggestion: { enabled: options.production },
  });
  const { plugins, validationRules } = armor.protect();
  const cost = { maxCost: REQUEST_LIMITS.maxCost, reason: LIMIT_REASONS.cost };
  return {
    plugins: [...plugins, costLimitPlugin(cost)],
    validationRules: [...validationRules, costLimitRule(cost), fieldRepeatRule(REQUEST_LIMITS.maxFieldRepeats)],
    parseOptions: { maxLexicalTokens: REQUEST_LIMITS.maxTokens },
  };
}

/** Refuses a selection set that writes one response key (alias or field name) more than `max` times. */
export function fieldRepeatRule(max: number): ValidationRule {
  return (context) => ({
    SelectionSet(selectionSet) {
      const counts = new Map<string, number>();
      for (const selection of selectionSet.selections) {
        // A copy with a directive is already bounded by the directive limit (and may be an
        // @include/@skip alternative); counting only the bare copies keeps that idiom legal.
        if (selection.kind !== 'Field' || (selection.directives?.length ?? 0) > 0) continue;
        const key = selection.alias?.value ?? selection.name.value;
        const count = (counts.get(key) ?? 0) + 1;
        counts.set(key, count);
        if (count === max + 1) {
          context.reportError(
            new GraphQLError(`Field "${key}" is written more than ${max} times in one selection set.`, {
              nodes: [selection],
              extensions: { code: 'BAD_USER_INPUT', reason: LIMIT_REASONS.fieldRepeats },
            }),
          );
        }
      }
    },
  });
}

/** graphql-js aborts parsing with this (sic: "more that" in graphql 16) once the token limit is hit. */
const TOKEN_LIMIT_MESSAGE = /Document contains more th(?:at|an) \d+ tokens\. Parsing aborted\./;

/** Recognises the parser's token-limit syntax error, so it can be typed like the other limits. */
export function tokenLimitError(message: string): { message: string; reason: string } | undefined {
  return TOKEN_LIMIT_MESSAGE.test(message)
    ? { message: `Syntax Error: Token limit of ${REQUEST_LIMITS.maxTokens} exceeded.`, reason: LIMIT_REASONS.tokens }
    : undefined;
}

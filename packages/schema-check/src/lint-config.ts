import { rules as graphqlRules } from '@graphql-eslint/eslint-plugin/rules/index';
import type { ESLint, Linter } from 'eslint';
import { createSdlParser } from './lint-parser';

/**
 * THE lint configuration of every subgraph's SDL, configured once here for all contexts
 * (@graphql-eslint 4 rules, driven through ESLint 9's API by lint.check.ts).
 *
 * What is linted is each subgraph's own `schema.graphql`, so findings point at the lines its
 * team edits. Rules that need a schema (relay-arguments, relay-edge-types, relay-page-info) get the composed
 * supergraph's API schema: federation-aware (an entity stub's fields come from other subgraphs)
 * and one schema per run, which graphql-eslint assumes (it caches schema-derived facts per
 * process). Rules that cannot understand a subgraph are left out on purpose:
 *
 * - graphql-js validation rules (known-directives, known-type-names, ...): `@key`, `@shareable`
 *   and friends are imported by `@link` and have no definitions in the file; composition
 *   validates the SDL instead.
 * - no-unreachable-types / no-unused-fields: entity stubs and types only other subgraphs
 *   reach are normal in a subgraph.
 * - strict-id-in-types: payloads, edges and PageInfo have no ids by design.
 * - no-typename-prefix: the public contract (API.md) has `User.username`.
 * - description-style: block and inline descriptions are both fine.
 * - input-name's checkInputType: API.md shares input types between mutations (`UserRefInput`).
 *
 * Severity `warn` reports without failing the gate; use it to phase a rule in.
 */
export const SCHEMA_LINT_RULES: Linter.RulesRecord = {
  // Public types, fields, enum values, input fields and directives carry descriptions. Root
  // operation types are containers; their fields are described instead. Arguments are often
  // self-explanatory (`first`, `after`, `input`), so they are not required to be.
  '@graphql-eslint/require-description': [
    'error',
    {
      types: true,
      FieldDefinition: true,
      EnumValueDefinition: true,
      InputValueDefinition: true,
      DirectiveDefinition: true,
      ignoredSelectors: [
        '[type=ObjectTypeDefinition][name.value=/^(Query|Mutation|Subscription)$/]',
        'FieldDefinition > InputValueDefinition',
        'DirectiveDefinition > InputValueDefinition',
      ],
    },
  ],
  '@graphql-eslint/naming-convention': [
    'error',
    {
      types: 'PascalCase',
      FieldDefinition: 'camelCase',
      InputValueDefinition: 'camelCase',
      Argument: 'camelCase',
      DirectiveDefinition: 'camelCase',
      EnumValueDefinition: 'UPPER_CASE',
      InputObjectTypeDefinition: { style: 'PascalCase', requiredPattern: /Input$/ },
      'FieldDefinition[parent.name.value=Query]': { forbiddenPatterns: [/^get/, /^query/i, /Query$/] },
      'FieldDefinition[parent.name.value=Mutation]': { forbiddenPatterns: [/^mutation/i, /Mutation$/] },
      'ObjectTypeDefinition,ObjectTypeExtension': { forbiddenPatterns: [/^Type/, /Type$/] },
      'EnumTypeDefinition,EnumTypeExtension': { forbiddenPatterns: [/^Enum/, /Enum$/] },
    },
  ],
  // Relay connections (ARCHITECTURE.md §4): `XConnection { edges: [XEdge!]! pageInfo: PageInfo! }`,
  // `XEdge { cursor node }`, forward pagination arguments. Plain lists (`revisions`, `reactions`)
  // are allowed where a list cannot grow, so lists need not wrap edges.
  '@graphql-eslint/relay-connection-types': 'error',
  '@graphql-eslint/relay-edge-types': ['error', { withEdgeSuffix: true, shouldImplementNode: false, listTypeCanWrapOnlyEdgeType: false }],
  '@graphql-eslint/relay-page-info': 'error',
  '@graphql-eslint/relay-arguments': ['error', { includeBoth: false }],
  // Mutations take one argument named `input` (API.md).
  '@graphql-eslint/input-name': ['error', { checkInputType: false, checkQueries: false, checkMutations: true }],
  '@graphql-eslint/no-hashtag-description': 'error',
  '@graphql-eslint/require-deprecation-reason': 'error',
  '@graphql-eslint/unique-enum-value-names': 'error',
};

/** Needs the schema without saying so in its metadata (it calls requireGraphQLSchema). */
const UNDECLARED_SCHEMA_RULES = new Set(['relay-arguments']);

/** Whether a rule needs the schema (and so is left out when composition failed). */
export function requiresSchema(ruleId: string): boolean {
  const name = ruleId.replace('@graphql-eslint/', '');
  const rule = (graphqlRules as Record<string, { meta?: { docs?: { requiresSchema?: boolean } } }>)[name];
  return UNDECLARED_SCHEMA_RULES.has(name) || rule?.meta?.docs?.requiresSchema === true;
}

/** The flat config for `new ESLint({ overrideConfigFile: true, overrideConfig })`. */
export function schemaLintConfig(schemaSdl: string | undefined): Linter.Config[] {
  const rules = Object.fromEntries(Object.entries(SCHEMA_LINT_RULES).filter(([id]) => schemaSdl !== undefined || !requiresSchema(id)));
  return [
    {
      files: ['**/*.graphql'],
      // Without a schema (composition failed) the schema-aware rules are left out above.
      languageOptions: { parser: createSdlParser(schemaSdl) },
      plugins: { '@graphql-eslint': { rules: graphqlRules } as unknown as ESLint.Plugin },
      linterOptions: { reportUnusedDisableDirectives: 'off' },
      rules,
    },
  ];
}

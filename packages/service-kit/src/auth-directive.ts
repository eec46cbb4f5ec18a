import { MapperKind, getDirective, mapSchema } from '@graphql-tools/utils';
import { defaultFieldResolver, isObjectType, parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import { unauthenticated } from './identity-header';

/** SDL of the `@auth` directive, to include in every subgraph schema. */
export const AUTH_DIRECTIVE_SDL = 'directive @auth on FIELD_DEFINITION | OBJECT';
const AUTH = 'auth';

/**
 * Adds the `@auth` declaration when a subgraph forgot it, so a missing line cannot turn into a
 * start-up failure (or, worse, into someone deleting the `@auth` usages to make it start).
 */
export function withAuthDirective(typeDefs: DocumentNode): DocumentNode {
  const declared = typeDefs.definitions.some((definition) => definition.kind === 'DirectiveDefinition' && definition.name.value === AUTH);
  if (declared) return typeDefs;
  return { ...typeDefs, definitions: [...typeDefs.definitions, ...parse(AUTH_DIRECTIVE_SDL).definitions] };
}

/**
 * Wraps the resolver of every field marked `@auth`, and of every field of an object type marked
 * `@auth`, so it throws UNAUTHENTICATED when `context.viewer` is null. Enforced here, in the
 * subgraph, so a request that bypasses the gateway gets nothing either.
 *
 * mapSchema keeps type `extensions` (where @apollo/subgraph stores `__resolveReference`) and the
 * `_service`/`_entities` resolvers, so federation keeps working on the returned schema. Entity
 * references themselves are not guarded: they only carry keys, the guarded fields hold the data.
 */
export function applyAuthDirective(schema: GraphQLSchema): GraphQLSchema {
  const protectedTypes = new Set(
    Object.values(schema.getTypeMap())
      .filter((type) => isObjectType(type) && getDirective(schema, type, AUTH)?.length)
      .map((type) => type.name),
  );
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (fieldConfig, _fieldName, typeName) => {
      const marked = protectedTypes.has(typeName) || Boolean(getDirective(schema, fieldConfig, AUTH)?.length);
      if (!marked) return fieldConfig;
      const resolve = fieldConfig.resolve ?? defaultFieldResolver;
      return {
        ...fieldConfig,
        resolve: (source, args, context: { viewer?: unknown } | undefined, info) => {
          if (!context?.viewer) throw unauthenticated();
          return resolve(source, args, context, info);
        },
      };
    },
  });
}

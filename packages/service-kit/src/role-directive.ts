import { MapperKind, getDirective, mapSchema } from '@graphql-tools/utils';
import { defaultFieldResolver, isObjectType, parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import { DomainError } from './errors';
import { VIEWER_ROLES, hasRole, unauthenticated, type Viewer, type ViewerRole } from './identity-header';

/** The platform roles as a GraphQL enum: identical in every subgraph that declares it (composition merges it). */
export const ROLE_ENUM_SDL = `enum Role {
  MEMBER
  MODERATOR
  ADMIN
}`;

/** SDL of the `@requiresRole` directive (ADR 14); needs `enum Role`. */
export const REQUIRES_ROLE_DIRECTIVE_SDL = 'directive @requiresRole(role: Role!) on FIELD_DEFINITION | OBJECT';
export const REQUIRES_ROLE = 'requiresRole';
const ROLE = 'Role';

/**
 * Adds the `@requiresRole` declaration (and `enum Role`) when a subgraph uses the directive without
 * declaring it, like withAuthDirective. A subgraph that declares either itself keeps its own
 * (identity and moderation declare `enum Role`: `User.role: Role` is part of their public schema).
 * A subgraph that never uses the directive gets nothing: no unused `Role` in its schema.
 */
export function withRequiresRoleDirective(typeDefs: DocumentNode): DocumentNode {
  const defined = (kind: string, name: string) =>
    typeDefs.definitions.some((definition) => definition.kind === kind && 'name' in definition && definition.name?.value === name);
  const directiveDeclared = defined('DirectiveDefinition', REQUIRES_ROLE);
  const roleDeclared = defined('EnumTypeDefinition', ROLE);
  if (directiveDeclared && roleDeclared) return typeDefs;
  if (!directiveDeclared && !usesRequiresRole(typeDefs)) return typeDefs;
  const added = [
    ...(roleDeclared ? [] : parse(ROLE_ENUM_SDL).definitions),
    ...(directiveDeclared ? [] : parse(REQUIRES_ROLE_DIRECTIVE_SDL).definitions),
  ];
  return { ...typeDefs, definitions: [...typeDefs.definitions, ...added] };
}

function usesRequiresRole(typeDefs: DocumentNode): boolean {
  for (const definition of typeDefs.definitions) {
    if (!('directives' in definition)) continue;
    if (definition.directives?.some((d) => d.name.value === REQUIRES_ROLE)) return true;
    if ('fields' in definition) {
      for (const field of definition.fields ?? []) {
        if ('directives' in field && field.directives?.some((d) => d.name.value === REQUIRES_ROLE)) return true;
      }
    }
  }
  return false;
}

export function roleRequired(role: ViewerRole): DomainError {
  return new DomainError('FORBIDDEN', 'AUTH.ROLE_REQUIRED', `This needs the ${role} role`);
}

function requiredRole(directives: Record<string, unknown>[] | undefined): ViewerRole | undefined {
  let highest: ViewerRole | undefined;
  for (const directive of directives ?? []) {
    const role = directive.role as ViewerRole;
    if (!VIEWER_ROLES.includes(role)) continue;
    if (!highest || VIEWER_ROLES.indexOf(role) > VIEWER_ROLES.indexOf(highest)) highest = role;
  }
  return highest;
}

/**
 * Wraps the resolver of every field marked `@requiresRole(role: R)`, and of every field of an object
 * type marked so: no viewer → UNAUTHENTICATED (AUTH.UNAUTHENTICATED); a viewer without R
 * (`hasRole`: ADMIN ⊇ MODERATOR ⊇ MEMBER) → FORBIDDEN (AUTH.ROLE_REQUIRED). When both the type
 * and the field carry one, the higher role is needed. Entity fields fetched through `_entities`
 * run the same wrapped resolvers, so a query plan cannot route around it.
 */
export function applyRequiresRoleDirective(schema: GraphQLSchema): GraphQLSchema {
  const typeRoles = new Map<string, ViewerRole>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type)) continue;
    const role = requiredRole(getDirective(schema, type, REQUIRES_ROLE));
    if (role) typeRoles.set(type.name, role);
  }
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (fieldConfig, _fieldName, typeName) => {
      const fieldRole = requiredRole(getDirective(schema, fieldConfig, REQUIRES_ROLE));
      const typeRole = typeRoles.get(typeName);
      const role = requiredRole([fieldRole, typeRole].filter(Boolean).map((r) => ({ role: r })));
      if (!role) return fieldConfig;
      const resolve = fieldConfig.resolve ?? defaultFieldResolver;
      return {
        ...fieldConfig,
        resolve: (source, args, context: { viewer?: Viewer | null } | undefined, info) => {
          const viewer = context?.viewer;
          if (!viewer) throw unauthenticated();
          if (!hasRole(viewer, role)) throw roleRequired(role);
          return resolve(source, args, context, info);
        },
      };
    },
  });
}

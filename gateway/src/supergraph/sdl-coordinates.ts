import { Kind, type ASTNode, type DocumentNode } from 'graphql';

/**
 * The schema coordinate (`User`, `User.name`, `Query.user(username:)`, `@auth`) of the definition
 * that contains `offset` in `document`. Composition errors point at AST nodes; printing the
 * coordinate tells the author which type/field to look at without counting characters.
 */
export function coordinateAt(document: DocumentNode, offset: number): string | undefined {
  for (const definition of document.definitions) {
    if (!contains(definition, offset)) continue;
    if (definition.kind === Kind.DIRECTIVE_DEFINITION) {
      const arg = definition.arguments?.find((a) => contains(a, offset));
      return `@${definition.name.value}${arg ? `(${arg.name.value}:)` : ''}`;
    }
    if (!('name' in definition) || !definition.name) return undefined;
    const typeName = definition.name.value;
    if ('fields' in definition && definition.fields) {
      for (const field of definition.fields) {
        if (!contains(field, offset)) continue;
        const arg = 'arguments' in field ? field.arguments?.find((a) => contains(a, offset)) : undefined;
        return `${typeName}.${field.name.value}${arg ? `(${arg.name.value}:)` : ''}`;
      }
    }
    if ('values' in definition && definition.values) {
      const value = definition.values.find((v) => contains(v, offset));
      if (value) return `${typeName}.${value.name.value}`;
    }
    return typeName;
  }
  return undefined;
}

function contains(node: ASTNode, offset: number): boolean {
  return node.loc !== undefined && node.loc.start <= offset && offset < node.loc.end;
}

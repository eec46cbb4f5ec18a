import { getLocation, Kind, type ASTNode, type DocumentNode } from 'graphql';

export interface Position {
  line: number;
  column: number;
}

/**
 * Positions of every schema coordinate defined in an SDL document, in graphql-inspector's path
 * notation: `Type`, `Type.field`, `Type.field.arg`, `Enum.VALUE`, `Input.field`, `@directive`.
 * Used to point a finding at the line that changed (or, for something removed, at its parent).
 */
export class SdlLocations {
  private readonly positions = new Map<string, Position>();

  constructor(document: DocumentNode) {
    for (const definition of document.definitions) {
      if (definition.kind === Kind.DIRECTIVE_DEFINITION) {
        const name = `@${definition.name.value}`;
        this.add(name, definition);
        for (const arg of definition.arguments ?? []) this.add(`${name}.${arg.name.value}`, arg);
        continue;
      }
      if (!('name' in definition) || !definition.name) continue;
      const typeName = definition.name.value;
      this.add(typeName, definition);
      if ('fields' in definition) {
        for (const field of definition.fields ?? []) {
          this.add(`${typeName}.${field.name.value}`, field);
          if ('arguments' in field) {
            for (const arg of field.arguments ?? []) this.add(`${typeName}.${field.name.value}.${arg.name.value}`, arg);
          }
        }
      }
      if ('values' in definition) {
        for (const value of definition.values ?? []) this.add(`${typeName}.${value.name.value}`, value);
      }
    }
  }

  /** The position of `coordinate`, else of its closest defined parent (`Post.title` → `Post`). */
  find(coordinate: string | undefined): Position | undefined {
    if (!coordinate) return undefined;
    const parts = coordinate.split('.');
    while (parts.length > 0) {
      const found = this.positions.get(parts.join('.'));
      if (found) return found;
      parts.pop();
    }
    return undefined;
  }

  private add(coordinate: string, node: ASTNode & { name?: { loc?: ASTNode['loc'] } }): void {
    // Point at the name rather than the description above it: that is the line a reader looks for.
    const loc = node.name?.loc ?? node.loc;
    if (!loc || this.positions.has(coordinate)) return;
    this.positions.set(coordinate, getLocation(loc.source, loc.start));
  }
}

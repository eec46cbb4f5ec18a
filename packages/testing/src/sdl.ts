import { Kind, parse, print, type DefinitionNode } from 'graphql';

type Named = Extract<DefinitionNode, { name: { value: string } }>;

export interface SdlInspector {
  /** Every named definition (types, inputs, enums, directives, …), in file order. */
  definitions: Named[];
  byName(name: string): Named | undefined;
  /** `field(arg: Type, …): Type[ = default]` for every field of a type or input, as written in the SDL. */
  signatures(typeName: string): Record<string, string>;
  /** One definition printed back, directives included (e.g. to check `@key` / `@shareable`). */
  printed(name: string): string;
  /**
   * What has no description: types (`User`), fields (`User.name`), arguments
   * (`User.posts(first)`) and enum values (`Visibility.PUBLIC`). Directive declarations and the root types themselves are exempt (their
   * fields are not). Empty when the schema documents itself completely.
   */
  undescribed(): string[];
  /** The fields of a root type (`Query`, `Mutation`) that lack a directive, e.g. `@auth`. */
  fieldsWithout(typeName: string, directive: string): string[];
}

const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

/** Reads a subgraph's SDL for schema-shape tests (does the file say exactly what API.md says?). */
export function inspectSdl(sdl: string): SdlInspector {
  const definitions = parse(sdl).definitions.filter((d): d is Named => 'name' in d && d.name !== undefined);
  const byName = (name: string) => definitions.find((d) => d.name.value === name);
  return {
    definitions,
    byName,
    signatures(typeName) {
      const def = byName(typeName);
      if (!def || !('fields' in def) || !def.fields) throw new Error(`no type ${typeName}`);
      return Object.fromEntries(
        def.fields.map((field) => {
          const args =
            'arguments' in field && field.arguments?.length
              ? `(${field.arguments.map((a) => `${a.name.value}: ${print(a.type)}`).join(', ')})`
              : '';
          const defaultValue = 'defaultValue' in field && field.defaultValue ? ` = ${print(field.defaultValue)}` : '';
          return [field.name.value, `${args}: ${print(field.type)}${defaultValue}`];
        }),
      );
    },
    printed(name) {
      const def = byName(name);
      if (!def) throw new Error(`no definition ${name}`);
      return print({ kind: Kind.DOCUMENT, definitions: [def] });
    },
    undescribed() {
      const missing: string[] = [];
      for (const def of definitions) {
        if (def.kind === Kind.DIRECTIVE_DEFINITION) continue;
        if (!ROOT_TYPES.has(def.name.value) && (!('description' in def) || !def.description)) missing.push(def.name.value);
        if ('values' in def)
          for (const value of def.values ?? []) if (!value.description) missing.push(`${def.name.value}.${value.name.value}`);
        if (!('fields' in def)) continue;
        for (const field of def.fields ?? []) {
          if (!field.description) missing.push(`${def.name.value}.${field.name.value}`);
          for (const arg of ('arguments' in field ? field.arguments : undefined) ?? []) {
            if (!arg.description) missing.push(`${def.name.value}.${field.name.value}(${arg.name.value})`);
          }
        }
      }
      return missing;
    },
    fieldsWithout(typeName, directive) {
      const def = byName(typeName);
      const fields = def && 'fields' in def ? (def.fields ?? []) : [];
      return fields.filter((field) => !field.directives?.some((d) => d.name.value === directive)).map((field) => field.name.value);
    },
  };
}

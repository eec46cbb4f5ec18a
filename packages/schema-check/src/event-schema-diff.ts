/**
 * Compatibility diff of two event payload schemas (JSON Schema, as `z.toJSONSchema` emits them).
 *
 * graphql-inspector only understands GraphQL, and the JSON-Schema diff libraries on npm are
 * either unmaintained or answer a different question (is every new instance valid under the old
 * schema?), so the rules are written out here. They follow from how events are used: streams keep
 * old events for rebuilding read models, and producers and consumers deploy independently, so an
 * existing version must keep accepting every event it ever accepted and keep every field
 * consumers read. Hence, for an existing `.vN`:
 *
 * | change                                        | verdict   |
 * |-----------------------------------------------|-----------|
 * | field removed                                 | breaking  |
 * | field's type changed (incl. nullability)      | breaking  |
 * | required field added                          | breaking  |
 * | optional field made required, or vice versa   | breaking  |
 * | enum value removed                            | breaking  |
 * | enum value added                              | dangerous (older consumers reject it) |
 * | constraint changed (format, length, pattern)  | dangerous |
 * | optional field added                          | safe      |
 * | description / default changed                 | safe      |
 *
 * A breaking change means: publish a `.v(N+1)` type instead.
 */

export type EventChangeLevel = 'breaking' | 'dangerous' | 'safe';

export interface EventSchemaChange {
  /** e.g. `FIELD_REMOVED`; approvals match on it. */
  type: string;
  level: EventChangeLevel;
  /** Payload path: `body`, `circleIds[]`, `author.name`; empty for the payload itself. */
  path: string;
  message: string;
}

type JsonSchema = Record<string, unknown>;

const CONSTRAINT_KEYWORDS = [
  'format',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minItems',
  'maxItems',
  'uniqueItems',
  'const',
  'additionalProperties',
] as const;

const IGNORED_KEYWORDS = new Set([
  '$schema',
  '$comment',
  'description',
  'default',
  'title',
  'examples',
  'type',
  'anyOf',
  'oneOf',
  'enum',
  'properties',
  'required',
  'items',
  ...CONSTRAINT_KEYWORDS,
]);

export function diffEventSchemas(base: unknown, current: unknown): EventSchemaChange[] {
  const changes: EventSchemaChange[] = [];
  compareNode(asSchema(base), asSchema(current), '', changes);
  return changes;
}

function compareNode(base: JsonSchema, current: JsonSchema, path: string, out: EventSchemaChange[]): void {
  const label = path === '' ? 'the payload' : `'${path}'`;
  const baseTypes = typeSet(base);
  const currentTypes = typeSet(current);
  if (!sameSet(baseTypes, currentTypes)) {
    out.push({
      type: 'FIELD_TYPE_CHANGED',
      level: 'breaking',
      path,
      message: `${label} changed type from ${[...baseTypes].join(' | ')} to ${[...currentTypes].join(' | ')}`,
    });
    return;
  }

  const baseObject = variant(base, 'object');
  const currentObject = variant(current, 'object');
  if (baseObject && currentObject) compareObjects(baseObject, currentObject, path, out);

  const baseArray = variant(base, 'array');
  const currentArray = variant(current, 'array');
  if (baseArray && currentArray) compareNode(asSchema(baseArray.items), asSchema(currentArray.items), `${path}[]`, out);

  compareEnums(enumValues(base), enumValues(current), label, path, out);

  for (const keyword of CONSTRAINT_KEYWORDS) {
    const before = constraint(base, keyword);
    const after = constraint(current, keyword);
    if (JSON.stringify(before) !== JSON.stringify(after)) {
      out.push({
        type: 'CONSTRAINT_CHANGED',
        level: 'dangerous',
        path,
        message: `${label} ${keyword} changed from ${show(before)} to ${show(after)}`,
      });
    }
  }

  // Anything this diff does not model (unions of several object shapes, $refs...) is surfaced
  // for review rather than silently passed.
  if (!baseObject && !baseArray && JSON.stringify(unmodelled(base)) !== JSON.stringify(unmodelled(current))) {
    out.push({
      type: 'SCHEMA_CHANGED',
      level: 'dangerous',
      path,
      message: `${label} changed in a way this check does not classify; review it`,
    });
  }
}

function compareObjects(base: JsonSchema, current: JsonSchema, path: string, out: EventSchemaChange[]): void {
  const baseProps = properties(base);
  const currentProps = properties(current);
  const baseRequired = new Set(stringArray(base.required));
  const currentRequired = new Set(stringArray(current.required));
  for (const [name, schema] of Object.entries(baseProps)) {
    const childPath = path === '' ? name : `${path}.${name}`;
    const next = currentProps[name];
    if (next === undefined) {
      out.push({ type: 'FIELD_REMOVED', level: 'breaking', path: childPath, message: `field '${childPath}' was removed` });
      continue;
    }
    if (baseRequired.has(name) && !currentRequired.has(name)) {
      out.push({
        type: 'FIELD_MADE_OPTIONAL',
        level: 'breaking',
        path: childPath,
        message: `field '${childPath}' is no longer required (consumers read it)`,
      });
    } else if (!baseRequired.has(name) && currentRequired.has(name)) {
      out.push({
        type: 'FIELD_MADE_REQUIRED',
        level: 'breaking',
        path: childPath,
        message: `field '${childPath}' became required (stored events may lack it)`,
      });
    }
    compareNode(schema, next, childPath, out);
  }
  for (const name of Object.keys(currentProps)) {
    if (name in baseProps) continue;
    const childPath = path === '' ? name : `${path}.${name}`;
    if (currentRequired.has(name)) {
      out.push({
        type: 'REQUIRED_FIELD_ADDED',
        level: 'breaking',
        path: childPath,
        message: `required field '${childPath}' was added (stored events lack it)`,
      });
    } else {
      out.push({ type: 'OPTIONAL_FIELD_ADDED', level: 'safe', path: childPath, message: `optional field '${childPath}' was added` });
    }
  }
}

function compareEnums(
  base: unknown[] | undefined,
  current: unknown[] | undefined,
  label: string,
  path: string,
  out: EventSchemaChange[],
): void {
  if (!base || !current) return;
  const before = new Set(base.map((v) => JSON.stringify(v)));
  const after = new Set(current.map((v) => JSON.stringify(v)));
  for (const value of before) {
    if (!after.has(value)) out.push({ type: 'ENUM_VALUE_REMOVED', level: 'breaking', path, message: `${label} no longer allows ${value}` });
  }
  for (const value of after) {
    if (!before.has(value)) {
      out.push({
        type: 'ENUM_VALUE_ADDED',
        level: 'dangerous',
        path,
        message: `${label} now allows ${value} (consumers on the old contract reject it)`,
      });
    }
  }
}

/** The JSON types a node admits, across `type: [..]`, `anyOf`/`oneOf` variants, `enum`, `const`. */
function typeSet(node: JsonSchema): Set<string> {
  const types = new Set<string>();
  const type = node.type;
  if (typeof type === 'string') types.add(type);
  else if (Array.isArray(type)) for (const t of type) if (typeof t === 'string') types.add(t);
  for (const key of ['anyOf', 'oneOf'] as const) {
    const variants = node[key];
    if (Array.isArray(variants)) for (const v of variants) for (const t of typeSet(asSchema(v))) types.add(t);
  }
  if (types.size === 0) {
    const values = Array.isArray(node.enum) ? node.enum : 'const' in node ? [node.const] : [];
    for (const value of values) types.add(value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);
  }
  if (types.size === 0) types.add('any');
  // `integer` is a kind of `number` in JSON, but narrowing or widening it is still a type change.
  return new Set([...types].sort());
}

/** The node itself when it is of `type`, else its single variant of that type. */
function variant(node: JsonSchema, type: string): JsonSchema | undefined {
  if (node.type === type || (Array.isArray(node.type) && node.type.includes(type) && ('properties' in node || 'items' in node)))
    return node;
  for (const key of ['anyOf', 'oneOf'] as const) {
    const variants = node[key];
    if (!Array.isArray(variants)) continue;
    const matching = variants.map(asSchema).filter((v) => v.type === type);
    if (matching.length === 1) return matching[0];
  }
  return undefined;
}

function enumValues(node: JsonSchema): unknown[] | undefined {
  if (Array.isArray(node.enum)) return node.enum;
  for (const key of ['anyOf', 'oneOf'] as const) {
    const variants = node[key];
    if (!Array.isArray(variants)) continue;
    const values = variants.map(asSchema).flatMap((v) => (Array.isArray(v.enum) ? v.enum : []));
    if (values.length > 0) return values;
  }
  return undefined;
}

function constraint(node: JsonSchema, keyword: string): unknown {
  if (keyword in node) return node[keyword];
  for (const key of ['anyOf', 'oneOf'] as const) {
    const variants = node[key];
    if (!Array.isArray(variants)) continue;
    const found = variants.map(asSchema).find((v) => v.type !== 'null' && keyword in v);
    if (found) return found[keyword];
  }
  return undefined;
}

function unmodelled(node: JsonSchema): JsonSchema {
  const rest: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'anyOf' || key === 'oneOf') {
      // Variants are compared member by member above only when there is one per type.
      const variants = Array.isArray(value) ? value.map(asSchema) : [];
      const types = variants.map((v) => String(v.type));
      if (new Set(types).size !== types.length) rest[key] = value;
      continue;
    }
    if (!IGNORED_KEYWORDS.has(key)) rest[key] = value;
  }
  return rest;
}

function properties(node: JsonSchema): Record<string, JsonSchema> {
  const props = node.properties;
  if (typeof props !== 'object' || props === null) return {};
  return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, asSchema(v)]));
}

function stringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function asSchema(value: unknown): JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonSchema) : {};
}

function sameSet(a: Set<string>, b: Set<string>): boolean {
  return a.size === b.size && [...a].every((v) => b.has(v));
}

function show(value: unknown): string {
  if (value === undefined) return 'none';
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

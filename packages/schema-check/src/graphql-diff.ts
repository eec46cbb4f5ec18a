import { CriticalityLevel, diff, type Change } from '@graphql-inspector/core';
import { getNamedType, isEnumType, isInputObjectType, isInterfaceType, isObjectType, isUnionType, type GraphQLSchema } from 'graphql';
import { approvalSnippet, type Approval, type Approvals } from './approvals';
import { APPROVALS_PATH } from './repo-layout';
import type { Finding, FindingLocation } from './report';
import type { SdlLocations } from './sdl-locations';

/**
 * Breaking-change detection between two GraphQL schemas: graphql-inspector classifies each change
 * as breaking / dangerous / safe; this module applies the house policy on top:
 *
 * - a removal of something deprecated in the base is allowed ("removed after deprecation"),
 *   including a type that only deprecated fields led to;
 * - a change listed in schema/approvals.json is allowed;
 * - for a subgraph, a breaking change that does not surface in the supergraph (another subgraph
 *   still serves the field, e.g. after an `@override` migration) only warns: clients never see it.
 */
export type Verdict = 'breaking' | 'dangerous' | 'safe' | 'removed-after-deprecation' | 'approved' | 'hidden-by-supergraph';

export interface ClassifiedChange {
  change: Change;
  verdict: Verdict;
  approval?: Approval;
}

export interface ClassifyOptions {
  approvals: Approvals;
  /** Approval targets that may approve these changes, most specific first. */
  targets: string[];
  /** For subgraphs: whether a breaking change at this path also breaks the supergraph. */
  surfacesInSupergraph?: (path: string) => boolean;
}

export function diffSchemas(base: GraphQLSchema, current: GraphQLSchema): Promise<Change[]> {
  return diff(base, current);
}

export function classifyChanges(changes: Change[], base: GraphQLSchema, options: ClassifyOptions): ClassifiedChange[] {
  const removedAfterDeprecation = typesOnlyReachableThroughDeprecated(changes, base);
  return changes.map((change): ClassifiedChange => {
    const level = change.criticality.level;
    if (level === CriticalityLevel.Dangerous) return { change, verdict: 'dangerous' };
    if (level !== CriticalityLevel.Breaking) return { change, verdict: 'safe' };
    if (wasDeprecated(change, base) || (change.type === 'TYPE_REMOVED' && removedAfterDeprecation.has(change.path ?? ''))) {
      return { change, verdict: 'removed-after-deprecation' };
    }
    const approval = options.approvals.match(options.targets, change.path, change.type);
    if (approval) return { change, verdict: 'approved', approval };
    if (change.path && options.surfacesInSupergraph && !options.surfacesInSupergraph(change.path)) {
      return { change, verdict: 'hidden-by-supergraph' };
    }
    return { change, verdict: 'breaking' };
  });
}

/** Paths of the raw breaking changes, to tell whether a subgraph's break reaches clients. */
export function breakingPaths(changes: Change[]): (path: string) => boolean {
  const paths = changes.filter((c) => c.criticality.level === CriticalityLevel.Breaking && c.path).map((c) => c.path!);
  return (path) => paths.some((p) => p === path || p.startsWith(`${path}.`) || path.startsWith(`${p}.`));
}

export interface FindingContext {
  /** Approval target named in hints (the context, or `supergraph`). */
  target: string;
  path: string;
  locations?: SdlLocations;
}

export function changeFindings(classified: ClassifiedChange[], context: FindingContext): Finding[] {
  return classified.map(({ change, verdict, approval }) => {
    const position = context.locations?.find(change.path);
    const location: FindingLocation = position ? { path: context.path, ...position } : { path: context.path };
    const base = { code: change.type, location, ...(change.path ? { coordinate: change.path } : {}) };
    switch (verdict) {
      case 'breaking':
        return { ...base, level: 'error', message: change.message, hint: breakingHint(change, context.target) };
      case 'dangerous':
        return {
          ...base,
          level: 'warning',
          message: `${change.message} (dangerous: ${oneLine(change.criticality.reason) ?? 'clients may behave differently'})`,
        };
      case 'removed-after-deprecation':
        return { ...base, level: 'notice', message: `${change.message} — removed after deprecation` };
      case 'approved':
        return { ...base, level: 'notice', message: `${change.message} — approved by ${approval!.approvedBy}: ${approval!.reason}` };
      case 'hidden-by-supergraph':
        return {
          ...base,
          level: 'warning',
          message: `${change.message} — not visible to clients: the supergraph still serves ${change.path} from another subgraph`,
        };
      case 'safe':
        return { ...base, level: 'info', message: change.message };
    }
  });
}

function breakingHint(change: Change, target: string): string {
  const approve = change.path
    ? `or approve it in ${APPROVALS_PATH}: ${approvalSnippet(target, change.path, change.type)}`
    : `or approve it in ${APPROVALS_PATH}`;
  switch (change.type) {
    case 'FIELD_REMOVED':
    case 'ENUM_VALUE_REMOVED':
    case 'INPUT_FIELD_REMOVED':
    case 'FIELD_ARGUMENT_REMOVED':
      return `keep ${change.path} marked @deprecated(reason: "...") until no client uses it, then remove it; ${approve}`;
    case 'FIELD_TYPE_CHANGED':
    case 'INPUT_FIELD_TYPE_CHANGED':
    case 'FIELD_ARGUMENT_TYPE_CHANGED':
      return `add a new field/argument with the new type and deprecate ${change.path}; ${approve}`;
    default:
      return approve;
  }
}

function oneLine(text: string | undefined): string | undefined {
  return text?.replace(/\s+/g, ' ').trim();
}

/** Whether the removed field / argument / enum value / input field was deprecated in the base. */
function wasDeprecated(change: Change, base: GraphQLSchema): boolean {
  if (!change.path) return false;
  const [typeName = '', member = '', argName] = change.path.split('.');
  const type = base.getType(typeName);
  switch (change.type) {
    case 'FIELD_REMOVED':
      return (isObjectType(type) || isInterfaceType(type)) && type.getFields()[member]?.deprecationReason != null;
    case 'INPUT_FIELD_REMOVED':
      return isInputObjectType(type) && type.getFields()[member]?.deprecationReason != null;
    case 'ENUM_VALUE_REMOVED':
      return isEnumType(type) && type.getValue(member)?.deprecationReason != null;
    case 'FIELD_ARGUMENT_REMOVED': {
      if (!(isObjectType(type) || isInterfaceType(type))) return false;
      return type.getFields()[member]?.args.find((a) => a.name === argName)?.deprecationReason != null;
    }
    default:
      return false;
  }
}

/**
 * Removed types that, in the base, were referenced only by deprecated fields/arguments or by
 * other such types: removing `Query.legacy: LegacyThing @deprecated` together with `LegacyThing`
 * is the end of a deprecation, not a new break. Computed as a fixpoint over the removed types.
 */
function typesOnlyReachableThroughDeprecated(changes: Change[], base: GraphQLSchema): Set<string> {
  const removed = new Set(changes.filter((c) => c.type === 'TYPE_REMOVED' && c.path).map((c) => c.path!));
  const references = new Map<string, Array<{ from: string; deprecated: boolean }>>();
  const refer = (target: string, from: string, deprecated: boolean): void => {
    if (!removed.has(target)) return;
    const list = references.get(target) ?? [];
    list.push({ from, deprecated });
    references.set(target, list);
  };
  for (const type of Object.values(base.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        const fieldDeprecated = field.deprecationReason != null;
        refer(getNamedType(field.type).name, type.name, fieldDeprecated);
        for (const arg of field.args) refer(getNamedType(arg.type).name, type.name, fieldDeprecated || arg.deprecationReason != null);
      }
      if (isObjectType(type)) for (const iface of type.getInterfaces()) refer(iface.name, type.name, false);
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) refer(getNamedType(field.type).name, type.name, field.deprecationReason != null);
    } else if (isUnionType(type)) {
      for (const member of type.getTypes()) refer(member.name, type.name, false);
    }
  }
  const allowed = new Set<string>();
  for (let changed = true; changed;) {
    changed = false;
    for (const name of removed) {
      if (allowed.has(name)) continue;
      const refs = references.get(name) ?? [];
      // A type nobody referenced was unreachable for clients: not a deprecation story either.
      if (refs.length === 0) continue;
      if (refs.every((r) => r.deprecated || allowed.has(r.from) || r.from === name)) {
        allowed.add(name);
        changed = true;
      }
    }
  }
  return allowed;
}

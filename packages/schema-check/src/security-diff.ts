import { CriticalityLevel, type Change } from '@graphql-inspector/core';
import { Kind, type ConstDirectiveNode, type DocumentNode } from 'graphql';
import type { Finding } from './report';

/**
 * What a field needs (ADR 14): nothing, a signed-in viewer (`@auth`, or `@requiresRole(role: MEMBER)`),
 * or a role (`@requiresRole`), from the field's own directives and its type's. Higher = stricter.
 */
const LEVELS = ['public', 'signed-in', 'MODERATOR', 'ADMIN'] as const;
export type AccessLevel = (typeof LEVELS)[number];
const ROLE_LEVEL: Record<string, number> = { MEMBER: 1, MODERATOR: 2, ADMIN: 3 };
export const DECLARED_ROLES = Object.keys(ROLE_LEVEL);

/** Change types the gate prints (and approvals.json names) for a changed access requirement. */
export const SECURITY_CHANGE = {
  removed: 'ACCESS_REQUIREMENT_REMOVED',
  lowered: 'ACCESS_REQUIREMENT_LOWERED',
  added: 'ACCESS_REQUIREMENT_ADDED',
} as const;

function levelOf(directives: readonly ConstDirectiveNode[] | undefined): number {
  let level = 0;
  for (const directive of directives ?? []) {
    if (directive.name.value === 'auth') level = Math.max(level, 1);
    if (directive.name.value === 'requiresRole') {
      const arg = directive.arguments?.find((a) => a.name.value === 'role');
      const role = arg?.value.kind === Kind.ENUM ? arg.value.value : undefined;
      // An unknown role is the lint's to report; here it counts as the strictest.
      level = Math.max(level, role ? (ROLE_LEVEL[role] ?? 3) : 3);
    }
  }
  return level;
}

/** `Type.field` → its access level, over object types and their extensions. */
export function accessLevels(document: DocumentNode): Map<string, number> {
  const typeLevels = new Map<string, number>();
  const fields: Array<{ type: string; field: string; level: number }> = [];
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    const type = definition.name.value;
    typeLevels.set(type, Math.max(typeLevels.get(type) ?? 0, levelOf(definition.directives)));
    for (const field of definition.fields ?? []) fields.push({ type, field: field.name.value, level: levelOf(field.directives) });
  }
  return new Map(fields.map((f) => [`${f.type}.${f.field}`, Math.max(f.level, typeLevels.get(f.type) ?? 0)]));
}

/**
 * The fields present in both versions whose access requirement changed. Loosening it (removing
 * `@auth` / `@requiresRole`, or a lower role) is security-relevant and adding it refuses callers
 * that were served: both are breaking (an approval in schema/approvals.json lets them through).
 */
export function accessChanges(base: DocumentNode, current: DocumentNode): Change[] {
  const before = accessLevels(base);
  const after = accessLevels(current);
  const changes: Change[] = [];
  for (const [path, was] of before) {
    const now = after.get(path);
    if (now === undefined || now === was) continue;
    const from = LEVELS[was]!;
    const to = LEVELS[now]!;
    const type = now === 0 ? SECURITY_CHANGE.removed : now < was ? SECURITY_CHANGE.lowered : SECURITY_CHANGE.added;
    const message =
      now < was
        ? `${path}: access requirement ${now === 0 ? 'removed' : 'lowered'} (${from} → ${to}) — security-relevant, needs an approval`
        : `${path}: access requirement added (${from} → ${to}) — callers below ${to} are now refused`;
    changes.push({
      type,
      message,
      path,
      criticality: {
        level: CriticalityLevel.Breaking,
        reason: now < was ? 'data that needed a role or a sign-in is served to more callers' : 'clients that were served get errors',
      },
    } as unknown as Change);
  }
  return changes;
}

/**
 * Lint of the directive (ADR 14): `@requiresRole` names a role of `enum Role`; `@requiresRole(role:
 * MEMBER)` is `@auth` (say that); `@auth` next to `@requiresRole` is redundant; a field that asks
 * for a lower role than its type's has no effect (the type's wins).
 */
export function requiresRoleFindings(document: DocumentNode, path: string): Finding[] {
  const findings: Finding[] = [];
  const at = (node: { loc?: { startToken: { line: number; column: number } } }) =>
    node.loc ? { path, line: node.loc.startToken.line, column: node.loc.startToken.column } : { path };
  const check = (directives: readonly ConstDirectiveNode[] | undefined, where: string, typeLevel: number | undefined) => {
    const roles = (directives ?? []).filter((d) => d.name.value === 'requiresRole');
    const auth = (directives ?? []).some((d) => d.name.value === 'auth');
    for (const directive of roles) {
      const arg = directive.arguments?.find((a) => a.name.value === 'role');
      const role = arg?.value.kind === Kind.ENUM ? arg.value.value : undefined;
      if (!role || !(role in ROLE_LEVEL)) {
        findings.push({
          level: 'error',
          code: 'requires-role-unknown',
          message: `${where}: @requiresRole needs one of ${DECLARED_ROLES.join(', ')} (got ${role ?? 'nothing'})`,
          location: at(directive),
          coordinate: where,
        });
        continue;
      }
      if (role === 'MEMBER') {
        findings.push({
          level: 'error',
          code: 'requires-role-member',
          message: `${where}: @requiresRole(role: MEMBER) means "signed in": write @auth`,
          location: at(directive),
          coordinate: where,
        });
      }
      if (auth) {
        findings.push({
          level: 'error',
          code: 'requires-role-with-auth',
          message: `${where}: @auth next to @requiresRole is redundant (a role implies a sign-in): keep @requiresRole`,
          location: at(directive),
          coordinate: where,
        });
      }
      if (typeLevel !== undefined && typeLevel >= ROLE_LEVEL[role]!) {
        findings.push({
          level: 'error',
          code: 'requires-role-ineffective',
          message: `${where}: @requiresRole(role: ${role}) has no effect: its type already needs ${LEVELS[typeLevel]}`,
          location: at(directive),
          coordinate: where,
        });
      }
    }
    if (roles.length > 1) {
      findings.push({
        level: 'error',
        code: 'requires-role-repeated',
        message: `${where}: @requiresRole appears more than once`,
        location: at(roles[1]!),
        coordinate: where,
      });
    }
  };
  for (const definition of document.definitions) {
    if (definition.kind === Kind.ENUM_TYPE_DEFINITION && definition.name.value === 'Role') {
      const values = (definition.values ?? []).map((v) => v.name.value);
      if (values.join(' ') !== DECLARED_ROLES.join(' ')) {
        findings.push({
          level: 'error',
          code: 'role-enum-differs',
          message: `enum Role must be exactly { ${DECLARED_ROLES.join(' ')} } in every subgraph (got { ${values.join(' ')} })`,
          location: at(definition),
          coordinate: 'Role',
        });
      }
    }
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    const type = definition.name.value;
    check(definition.directives, type, undefined);
    const typeLevel = levelOf(definition.directives);
    for (const field of definition.fields ?? []) check(field.directives, `${type}.${field.name.value}`, typeLevel || undefined);
  }
  return findings;
}

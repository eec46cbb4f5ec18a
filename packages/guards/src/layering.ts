/**
 * The layering check: dependency-cruiser with the house rules (../dependency-cruiser.cjs), plus
 * the one rule it cannot express — no cycle between workspace packages (a package-level cycle
 * needs no file-level cycle: a/x → b/y and b/z → a/w).
 *
 * Each violation names the rule, the importing file and line, the import as written and what it
 * resolved to, so the output reads like a compiler error.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { cruise, type IConfiguration, type ICruiseResult, type IModule } from 'dependency-cruiser';

const require = createRequire(import.meta.url);

interface RulesModule {
  layeringConfig(root: string): IConfiguration;
  workspaces(root: string): { dir: string; name: string }[];
}
const rules = require('../dependency-cruiser.cjs') as RulesModule;

/** What the repository's `npm run lint` cruises (those that exist). */
export const LAYERING_TARGETS = ['subgraphs', 'packages', 'prisma', 'gateway', 'e2e', 'scripts'];

export const WORKSPACE_CYCLE_RULE = 'no-workspace-cycle';
const WORKSPACE_CYCLE_COMMENT =
  'Workspace packages form a hierarchy (kernel → events → messaging → … → contexts): two packages ' +
  'that import each other, directly or through others, are one package or miss a third.';

export interface LayeringViolation {
  rule: string;
  /** The rule's comment: why it exists and what to do instead. */
  comment: string;
  /** The importing file, relative to the root. */
  from: string;
  /** 1-based line of the import in `from`, when found. */
  line: number | undefined;
  /** The import as written (`@prisma/client`, `../../infrastructure/x`). */
  specifier: string;
  /** What the import resolved to, relative to the root (the specifier when it did not resolve). */
  to: string;
  /** For cycles: the modules (or packages) around the loop, starting and ending at `from`. */
  cycle?: string[];
}

export interface LayeringReport {
  violations: LayeringViolation[];
  modules: number;
  dependencies: number;
}

export interface LayeringOptions {
  /** The repository (or fixture) root; rule paths are relative to it. */
  root: string;
  /** Folders or files to cruise, relative to the root; default LAYERING_TARGETS that exist. */
  targets?: string[];
  /** Default: `<root>/.dependency-cruiser.cjs` when present, else the house rules for `root`. */
  config?: IConfiguration;
}

/** The configuration `npm run lint` uses for `root`. */
export function loadLayeringConfig(root: string): IConfiguration {
  const file = join(root, '.dependency-cruiser.cjs');
  return existsSync(file) ? (require(file) as IConfiguration) : rules.layeringConfig(root);
}

/** The house rules for a root (what the repository's .dependency-cruiser.cjs exports). */
export function houseLayeringConfig(root: string): IConfiguration {
  return rules.layeringConfig(root);
}

export async function checkLayering({ root, targets, config = loadLayeringConfig(root) }: LayeringOptions): Promise<LayeringReport> {
  const paths = (targets ?? LAYERING_TARGETS).filter((target) => existsSync(join(root, target)));
  if (paths.length === 0) return { violations: [], modules: 0, dependencies: 0 };
  const { output } = await cruise(
    paths,
    { ...config.options, baseDir: root, validate: true, ruleSet: { forbidden: config.forbidden ?? [] }, outputType: 'json' },
    {},
    {},
  );
  const result = (typeof output === 'string' ? JSON.parse(output) : output) as ICruiseResult;
  const byName = new Map(result.modules.map((module) => [module.source, module]));
  const comments = new Map((config.forbidden ?? []).map((rule) => [rule.name ?? '', rule.comment ?? '']));

  const violations: LayeringViolation[] = result.summary.violations.map((violation) => {
    const dependency = byName.get(violation.from)?.dependencies.find((d) => d.resolved === violation.to);
    const specifier = dependency?.module ?? violation.unresolvedTo ?? violation.to;
    const cycle = violation.cycle ? [violation.from, ...violation.cycle.map((step) => step.name)] : undefined;
    return {
      rule: violation.rule.name,
      comment: comments.get(violation.rule.name) ?? '',
      from: violation.from,
      line: importLine(root, violation.from, specifier),
      specifier,
      to: violation.to,
      ...(cycle ? { cycle } : {}),
    };
  });
  violations.push(...workspaceCycles(root, result.modules));
  return { violations, modules: result.summary.totalCruised, dependencies: result.summary.totalDependenciesCruised ?? 0 };
}

/** 1-based line of the first import of `specifier` in `file` (a quoted occurrence). */
function importLine(root: string, file: string, specifier: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(join(root, file), 'utf8');
  } catch {
    return undefined;
  }
  const lines = text.split('\n');
  const index = lines.findIndex(
    (line) => line.includes(`'${specifier}'`) || line.includes(`"${specifier}"`) || line.includes(`\`${specifier}\``),
  );
  return index === -1 ? undefined : index + 1;
}

interface PackageEdge {
  from: string;
  specifier: string;
  to: string;
}

/**
 * Cycles between workspace packages, from the imports dependency-cruiser found (test files
 * included: a test importing a package that imports the test's package is still a loop).
 */
function workspaceCycles(root: string, modules: IModule[]): LayeringViolation[] {
  const packages = rules.workspaces(root).sort((a, b) => b.dir.length - a.dir.length);
  const owner = (path: string) => packages.find((p) => path === p.dir || path.startsWith(`${p.dir}/`));
  const edges = new Map<string, Map<string, PackageEdge>>();
  for (const module of modules) {
    const from = owner(module.source);
    if (!from) continue;
    for (const dependency of module.dependencies) {
      const to = owner(dependency.resolved);
      if (!to || to === from) continue;
      const out = edges.get(from.name) ?? new Map<string, PackageEdge>();
      if (!out.has(to.name)) out.set(to.name, { from: module.source, specifier: dependency.module, to: dependency.resolved });
      edges.set(from.name, out);
    }
  }

  const violations: LayeringViolation[] = [];
  for (const component of stronglyConnected([...edges.keys()], (name) => [...(edges.get(name)?.keys() ?? [])])) {
    if (component.length < 2) continue;
    const loop = loopThrough(component, (name) => [...(edges.get(name)?.keys() ?? [])]);
    const first = edges.get(loop[0]!)!.get(loop[1]!)!;
    violations.push({
      rule: WORKSPACE_CYCLE_RULE,
      comment: WORKSPACE_CYCLE_COMMENT,
      from: first.from,
      line: importLine(root, first.from, first.specifier),
      specifier: first.specifier,
      to: first.to,
      cycle: loop.map((name, i) => {
        const next = loop[i + 1];
        const edge = next ? edges.get(name)?.get(next) : undefined;
        return edge ? `${name} (${edge.from} imports '${edge.specifier}')` : name;
      }),
    });
  }
  return violations;
}

/** Tarjan's strongly connected components. */
function stronglyConnected(nodes: string[], next: (node: string) => string[]): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const target of next(node)) {
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(node, Math.min(low.get(node)!, index.get(target)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      components.push(component);
    }
  };
  for (const node of [...nodes].sort()) if (!index.has(node)) visit(node);
  return components;
}

/** One loop inside a strongly connected component, from its first member (by name) back to it. */
function loopThrough(component: string[], next: (node: string) => string[]): string[] {
  const members = new Set(component);
  const start = [...component].sort()[0]!;
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const target of next(node)
      .filter((t) => members.has(t))
      .sort()) {
      if (target === start) {
        const path = [node];
        while (path[0] !== start) path.unshift(previous.get(path[0]!)!);
        return [...path, start];
      }
      if (!previous.has(target)) {
        previous.set(target, node);
        queue.push(target);
      }
    }
  }
  return [start, start];
}

/** Human-readable report: violations grouped by rule, each rule's reason once. */
export function formatLayering(report: LayeringReport): string {
  const lines: string[] = [];
  const rulesInOrder = [...new Set(report.violations.map((v) => v.rule))];
  for (const rule of rulesInOrder) {
    const found = report.violations.filter((v) => v.rule === rule);
    lines.push(`${rule} (${found.length})`);
    const comment = found[0]?.comment;
    if (comment) lines.push(...wrap(comment, 100).map((line) => `  │ ${line}`));
    for (const v of found) {
      const where = v.line ? `${v.from}:${v.line}` : v.from;
      const target = v.to === v.specifier ? '' : ` → ${v.to}`;
      lines.push(`  ${where}  imports '${v.specifier}'${target}`);
      if (v.cycle) lines.push(`      cycle: ${v.cycle.join(' → ')}`);
    }
    lines.push('');
  }
  const count = report.violations.length;
  lines.push(
    count === 0
      ? `no layering violations (${report.modules} modules, ${report.dependencies} imports)`
      : `${count} layering violation${count === 1 ? '' : 's'} (${report.modules} modules, ${report.dependencies} imports)`,
  );
  return lines.join('\n');
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/)) {
    if (current && current.length + 1 + word.length > width) {
      lines.push(current);
      current = word;
    } else {
      current = current ? `${current} ${word}` : word;
    }
  }
  if (current) lines.push(current);
  return lines;
}

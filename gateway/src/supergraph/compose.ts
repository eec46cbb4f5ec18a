import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { composeServices } from '@apollo/composition';
import { GraphQLError, Source, getLocation, parse, type ASTNode, type DocumentNode } from 'graphql';
import { withRequiresRoleDirective } from '@agora/service-kit/role-directive';
import { coordinateAt } from './sdl-coordinates';
import { composedEntries, defaultRoutingUrl, loadRegistry, REGISTRY_PATH, type SubgraphEntry } from './registry';

/** One subgraph as composition sees it. `path` (for messages) is relative to the repo root. */
export interface SubgraphSource {
  name: string;
  url: string;
  sdl: string;
  path?: string;
}

export interface IssueLocation {
  subgraph: string;
  path: string | undefined;
  line: number;
  column: number;
  /** `Type` / `Type.field` / `Type.field(arg:)` where the node sits, when known. */
  coordinate: string | undefined;
}

/** A composition error or hint, reduced to what an author needs to fix it. */
export interface CompositionIssue {
  /** The composition rule, e.g. `FIELD_TYPE_MISMATCH`, `INVALID_GRAPHQL`, `SCHEMA_FILE_MISSING`. */
  code: string;
  message: string;
  /** Every subgraph involved (from the error's nodes, or the message prefix `[name]`). */
  subgraphs: string[];
  /** Schema coordinates involved, de-duplicated. */
  coordinates: string[];
  locations: IssueLocation[];
}

export type ComposeResult = { ok: true; supergraphSdl: string; hints: CompositionIssue[] } | { ok: false; errors: CompositionIssue[] };

/** Composes subgraphs offline (no network, no Rover) with Apollo's composition library. */
export function composeSupergraph(sources: SubgraphSource[]): ComposeResult {
  const { documents, errors: parseErrors } = parseSubgraphs(sources);
  if (parseErrors.length > 0) return { ok: false, errors: parseErrors };

  const result = composeServices(sources.map((s) => ({ name: s.name, url: s.url, typeDefs: documents.get(s.name)! })));
  if (result.errors) {
    return { ok: false, errors: result.errors.map((e) => toIssue(e, 'COMPOSITION_ERROR', documents, sources)) };
  }
  const hints = result.hints.map((hint) => issueFrom(hint.definition.code, hint.message, hint.nodes ?? [], documents, sources));
  return { ok: true, supergraphSdl: result.supergraphSdl, hints };
}

/** Parses each subgraph's SDL; syntax errors name the subgraph and the file position. */
export function parseSubgraphs(sources: SubgraphSource[]): { documents: Map<string, DocumentNode>; errors: CompositionIssue[] } {
  const documents = new Map<string, DocumentNode>();
  const errors: CompositionIssue[] = [];
  for (const source of sources) {
    try {
      // Naming the Source after the file makes parse errors and node locations point at it.
      // `@requiresRole` and `enum Role` are added where used but not declared, as the subgraph
      // server does at run time (ADR 14), so composition sees what is served.
      documents.set(source.name, withRequiresRoleDirective(parse(new Source(source.sdl, source.path ?? source.name))));
    } catch (error) {
      errors.push(toIssue(error, 'GRAPHQL_PARSE_FAILED', documents, sources, source.name));
    }
  }
  return { documents, errors };
}

/**
 * Loads every subgraph listed in `schema/subgraphs.json` (SDL file + default routing URL).
 * Missing files are reported as issues rather than thrown, so one run lists every problem.
 */
export async function loadSubgraphSources(
  rootDir: string,
  entries: SubgraphEntry[],
): Promise<{ sources: SubgraphSource[]; errors: CompositionIssue[] }> {
  const sources: SubgraphSource[] = [];
  const errors: CompositionIssue[] = [];
  for (const entry of entries) {
    try {
      const sdl = await readFile(resolve(rootDir, entry.schema), 'utf8');
      sources.push({ name: entry.name, url: defaultRoutingUrl(entry), sdl, path: entry.schema });
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : String(error);
      errors.push({
        code: 'SCHEMA_FILE_MISSING',
        message: `schema file ${entry.schema} (listed in ${REGISTRY_PATH}): ${reason}`,
        subgraphs: [entry.name],
        coordinates: [],
        locations: [],
      });
    }
  }
  return { sources, errors };
}

/** Registry → SDL files → supergraph. What `npm run schema:compose` and schema checks run. */
export async function composeFromRegistry(rootDir: string): Promise<ComposeResult & { subgraphs: string[] }> {
  const entries = composedEntries(await loadRegistry(rootDir));
  const subgraphs = entries.map((s) => s.name);
  const { sources, errors } = await loadSubgraphSources(rootDir, entries);
  if (errors.length > 0) {
    // Still parse what was found, so one run reports every problem.
    return { ok: false, errors: [...errors, ...parseSubgraphs(sources).errors], subgraphs };
  }
  return { ...composeSupergraph(sources), subgraphs };
}

/**
 * The committed file: a header naming the generator, then the SDL. No timestamp, so composing an
 * unchanged set of subgraphs yields a byte-identical file and CI can detect a stale supergraph.
 */
export function renderSupergraphFile(supergraphSdl: string, subgraphs: string[]): string {
  return [
    '# GENERATED FILE: do not edit by hand.',
    `# Composed from ${REGISTRY_PATH} (subgraphs: ${subgraphs.join(', ')}) by \`npm run schema:compose\``,
    '# (which runs `npm run compose -w @agora/gateway`, gateway/src/supergraph/compose-cli.ts).',
    '',
    supergraphSdl.trimEnd(),
    '',
  ].join('\n');
}

/** Multi-line, human-readable rendering of an issue for the CLI. */
export function formatIssue(issue: CompositionIssue): string {
  const lines = [`✖ ${issue.code}: ${issue.message}`];
  if (issue.subgraphs.length > 0) lines.push(`    subgraph(s): ${issue.subgraphs.join(', ')}`);
  if (issue.coordinates.length > 0) lines.push(`    at: ${issue.coordinates.join(', ')}`);
  for (const l of issue.locations) {
    lines.push(`    ${l.subgraph}: ${l.path ?? '?'}:${l.line}:${l.column}${l.coordinate ? ` (${l.coordinate})` : ''}`);
  }
  return lines.join('\n');
}

function toIssue(
  error: unknown,
  fallbackCode: string,
  documents: Map<string, DocumentNode>,
  sources: SubgraphSource[],
  subgraphHint?: string,
): CompositionIssue {
  if (!(error instanceof GraphQLError)) {
    return { code: fallbackCode, message: String(error), subgraphs: subgraphHint ? [subgraphHint] : [], coordinates: [], locations: [] };
  }
  const code = typeof error.extensions.code === 'string' ? error.extensions.code : fallbackCode;
  const issue = issueFrom(code, error.message, error.nodes ?? [], documents, sources);
  // Parse errors carry no nodes, only a source position.
  if (subgraphHint && issue.locations.length === 0) {
    const loc = error.locations?.[0];
    if (loc) {
      const path = sources.find((s) => s.name === subgraphHint)?.path;
      issue.locations.push({ subgraph: subgraphHint, path, line: loc.line, column: loc.column, coordinate: undefined });
    }
    if (!issue.subgraphs.includes(subgraphHint)) issue.subgraphs.unshift(subgraphHint);
  }
  return issue;
}

function issueFrom(
  code: string,
  message: string,
  nodes: readonly ASTNode[],
  documents: Map<string, DocumentNode>,
  sources: SubgraphSource[],
): CompositionIssue {
  const subgraphs = new Set<string>();
  const coordinates = new Set<string>();
  const locations: IssueLocation[] = [];
  // Subgraph-level validation errors are prefixed `[name] ...` by federation.
  const prefixed = /^\[([^\]]+)\]/.exec(message)?.[1];
  if (prefixed && documents.has(prefixed)) subgraphs.add(prefixed);
  // Some errors carry no nodes (e.g. INVALID_FIELD_SHARING) but quote subgraphs and coordinates.
  for (const [, quoted = ''] of message.matchAll(/"([^"]+)"/g)) {
    if (sources.some((s) => s.name === quoted)) subgraphs.add(quoted);
    else if (/^[_A-Za-z]\w*\.[_A-Za-z]\w*$/.test(quoted)) coordinates.add(quoted);
  }
  for (const node of nodes) {
    // federation-internals tags the nodes it reports with the subgraph they came from.
    const subgraph = (node as { subgraph?: unknown }).subgraph;
    if (typeof subgraph !== 'string' || !node.loc) continue;
    subgraphs.add(subgraph);
    const document = documents.get(subgraph);
    const coordinate = document && node.loc.source === document.loc?.source ? coordinateAt(document, node.loc.start) : undefined;
    if (coordinate) coordinates.add(coordinate);
    const position = getLocation(node.loc.source, node.loc.start);
    locations.push({
      subgraph,
      path: sources.find((s) => s.name === subgraph)?.path,
      line: position.line,
      column: position.column,
      coordinate,
    });
  }
  return { code, message, subgraphs: [...subgraphs], coordinates: [...coordinates], locations };
}

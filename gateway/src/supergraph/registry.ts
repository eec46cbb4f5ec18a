import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** Where the registry lives, relative to the repository root. */
export const REGISTRY_PATH = 'schema/subgraphs.json';
/** Where the composed supergraph is committed, relative to the repository root. */
export const SUPERGRAPH_PATH = 'schema/supergraph.graphql';

const subgraphEntry = z.object({
  name: z.string().regex(/^[a-z][a-z0-9-]*$/, 'lower-case subgraph name'),
  dir: z.string().min(1),
  schema: z.string().min(1),
  port: z.number().int().min(1).max(65535),
});

/** A subgraph the gateway itself serves (no process, no port): realtime's Subscription fields. */
const gatewayServedEntry = subgraphEntry.omit({ port: true });

const registrySchema = z.object({
  subgraphs: z.array(subgraphEntry).min(1),
  servedByGateway: z.array(gatewayServedEntry).default([]),
  gateway: z.object({ dir: z.string(), port: z.number().int() }).optional(),
});

export type SubgraphEntry = z.infer<typeof subgraphEntry>;
export type SubgraphRegistry = z.infer<typeof registrySchema>;

/** The gateway's port when the registry does not say (the default of GATEWAY_PORT). */
const DEFAULT_GATEWAY_PORT = 4000;

/**
 * Every subgraph composition sees: the processes, then those the gateway serves, whose routing
 * URL is the gateway's own (`http://localhost:4000/graphql`): that is where their fields are served.
 */
export function composedEntries(registry: SubgraphRegistry): SubgraphEntry[] {
  const gatewayPort = registry.gateway?.port ?? DEFAULT_GATEWAY_PORT;
  return [...registry.subgraphs, ...registry.servedByGateway.map((entry) => ({ ...entry, port: gatewayPort }))];
}

/** Reads and validates `schema/subgraphs.json`; duplicate names or ports are configuration bugs. */
export async function loadRegistry(rootDir: string): Promise<SubgraphRegistry> {
  const path = join(rootDir, REGISTRY_PATH);
  const parsed = registrySchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${REGISTRY_PATH}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  // Names are unique across everything composed; ports across the processes.
  const checks = [
    ['name', composedEntries(parsed.data)],
    ['port', parsed.data.subgraphs],
  ] as const;
  for (const [key, entries] of checks) {
    const seen = new Set<unknown>();
    for (const entry of entries) {
      if (seen.has(entry[key])) throw new Error(`${REGISTRY_PATH}: duplicate subgraph ${key} ${String(entry[key])}`);
      seen.add(entry[key]);
    }
  }
  return parsed.data;
}

/** The routing URL composition writes into the supergraph; the gateway may override it per subgraph. */
export function defaultRoutingUrl(entry: Pick<SubgraphEntry, 'port'>): string {
  return `http://localhost:${entry.port}/graphql`;
}

/**
 * The repository root: the nearest ancestor of `from` holding the subgraph registry. Walking up
 * (rather than a fixed `../..`) keeps this correct wherever the gateway's files move.
 */
export function findRepoRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, REGISTRY_PATH))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find ${REGISTRY_PATH} above ${from}`);
    dir = parent;
  }
}

/**
 * The processes of the platform, read from the subgraph registry (`schema/subgraphs.json`), the
 * single list that composition, schema checks and the dev stack share.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export interface ServiceDefinition {
  /** Context name, e.g. `identity`; also the env prefix (`IDENTITY_PORT`, `IDENTITY_DATABASE_URL`). */
  name: string;
  /** Package directory relative to the repo root, e.g. `subgraphs/identity`. */
  dir: string;
  defaultPort: number;
  kind: 'subgraph' | 'gateway';
}

const registrySchema = z.object({
  subgraphs: z.array(
    z.object({
      name: z.string().regex(/^[a-z][a-z0-9-]*$/, 'lower-case context name'),
      dir: z.string().min(1),
      port: z.number().int().min(1).max(65_535),
    }),
  ),
  gateway: z.object({ dir: z.string().min(1), port: z.number().int().min(1).max(65_535) }),
});

/** The repository root, as seen from this file (packages/devstack/src). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url)).replace(/\/$/, '');

/** Reads a registry file: its subgraphs in order, then the gateway. */
export function loadServices(registryPath: string): ServiceDefinition[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(registryPath, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read the subgraph registry ${registryPath}: ${(error as Error).message}`);
  }
  const parsed = registrySchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid subgraph registry ${registryPath}: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  const names = new Set<string>();
  for (const subgraph of parsed.data.subgraphs) {
    if (names.has(subgraph.name) || subgraph.name === 'gateway') {
      throw new Error(`invalid subgraph registry ${registryPath}: duplicate or reserved name "${subgraph.name}"`);
    }
    names.add(subgraph.name);
  }
  return [
    ...parsed.data.subgraphs.map((s): ServiceDefinition => ({ name: s.name, dir: s.dir, defaultPort: s.port, kind: 'subgraph' })),
    { name: 'gateway', dir: parsed.data.gateway.dir, defaultPort: parsed.data.gateway.port, kind: 'gateway' },
  ];
}

/** `identity` → `IDENTITY`, `user-search` → `USER_SEARCH`: the service's env prefix. */
export function envPrefix(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

/** Every process, in start order (subgraphs first, gateway last). Adding a context = one entry in schema/subgraphs.json. */
export const SERVICES: readonly ServiceDefinition[] = Object.freeze(loadServices(`${REPO_ROOT}/schema/subgraphs.json`));

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT_DIR } from './support';

interface Registry {
  subgraphs: { name: string; dir: string; schema: string; port: number }[];
  gateway: { dir: string; port: number };
}
/** `schema/subgraphs.json`: the one list of contexts. */
export const REGISTRY: Registry = JSON.parse(readFileSync(join(ROOT_DIR, 'schema/subgraphs.json'), 'utf8'));
export const SUBGRAPHS = REGISTRY.subgraphs;

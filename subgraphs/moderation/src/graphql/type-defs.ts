import { readFileSync } from 'node:fs';
import { parse, type DocumentNode } from 'graphql';

/** schema.graphql, the file composition and codegen read too. */
export const typeDefs: DocumentNode = parse(readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8'));

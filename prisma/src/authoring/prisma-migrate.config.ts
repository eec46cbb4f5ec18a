/**
 * Prisma 6.19 config for `agora-prisma migrate:new` (loaded by the `prisma-migrate` CLI, never
 * imported by runtime code). It selects the WASM schema engine (`engine: "js"`) with an
 * in-memory PGlite adapter, so authoring a migration needs neither a native engine download nor
 * a database server. The derived schema it works on is chosen per run through the environment.
 */
import { defineConfig } from 'prisma-migrate/config';
import { createAuthoringAdapter } from './pglite-authoring-adapter';

const schema = process.env.AGORA_PRISMA_DERIVED_SCHEMA;
if (!schema) throw new Error('AGORA_PRISMA_DERIVED_SCHEMA is not set (this config is used by agora-prisma migrate:new)');

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  // Prisma 6.19 reads the engine type from this schema; without it, it would download libquery_engine.
  schema,
  // The 6.19 typings come from its own copy of driver-adapter-utils; the runtime contract is the same.
  adapter: async () => createAuthoringAdapter() as never,
});

/** Placeholder only: the WASM engine talks to the in-memory PGlite adapter, never to this URL. */
const PLACEHOLDER_URL = 'postgresql://authoring@localhost:5432/authoring';

/**
 * The copy of a context's Prisma 7 schema that Prisma 6.19 can read for authoring:
 * - its datasource must carry a `url` (6.19 rejects a datasource without one);
 * - no generator blocks, so 6.19 never touches (or overwrites) the Prisma 7 client.
 * Models, enums, views and comments are kept byte for byte, so the diff sees the real schema.
 */
export function deriveAuthoringSchema(schema: string): string {
  const withoutGenerators = schema.replace(/^[ \t]*generator\s+\w+\s*\{[\s\S]*?^[ \t]*\}[ \t]*\r?\n?/gm, '');
  return withoutGenerators.replace(
    /^([ \t]*datasource\s+\w+\s*\{)([\s\S]*?)(^[ \t]*\})/m,
    (block, open: string, body: string, close: string) =>
      /^\s*url\s*=/m.test(body) ? block : `${open}\n  url = "${PLACEHOLDER_URL}"${body}${close}`,
  );
}

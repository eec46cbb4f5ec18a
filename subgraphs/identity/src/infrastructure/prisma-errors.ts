/**
 * Prisma reports a unique violation as P2002, but where it names the constraint differs by
 * engine and driver adapter: `meta.target` (classic engines), or
 * `meta.driverAdapterError.cause.constraint.{fields|index}` plus the database message (driver
 * adapters, Prisma 7). This collects every place so repositories can tell WHICH key clashed.
 */
export function uniqueViolationTarget(error: unknown): string | null {
  if (!isObject(error) || error.code !== 'P2002') return null;
  const meta = isObject(error.meta) ? error.meta : {};
  const cause = isObject(meta.driverAdapterError) && isObject(meta.driverAdapterError.cause) ? meta.driverAdapterError.cause : {};
  const constraint = isObject(cause.constraint) ? cause.constraint : {};
  const parts = [meta.target, constraint.fields, constraint.index, cause.originalMessage]
    .flat()
    .filter((part): part is string => typeof part === 'string');
  return parts.join(' ');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

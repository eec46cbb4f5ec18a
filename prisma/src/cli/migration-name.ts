/** `20261122024428` — Prisma's UTC timestamp prefix. */
function timestamp(date: Date): string {
  return date.toISOString().replace(/\D/g, '').slice(0, 14);
}

function parseTimestamp(prefix: string): number {
  const part = (from: number, length: number) => Number(prefix.slice(from, from + length));
  return Date.UTC(part(0, 4), part(4, 2) - 1, part(6, 2), part(8, 2), part(10, 2), part(12, 2));
}

export const MIGRATION_NAME_PATTERN = /^[a-z0-9]+(_[a-z0-9]+)*$/;

/**
 * `<UTC timestamp>_<name>`, always sorting after the existing migrations: authoring twice in one
 * second (or on a machine whose clock is behind the last author's) must not reorder history.
 */
export function nextMigrationName(existing: string[], name: string, now: Date = new Date()): string {
  const last = [...existing].sort().at(-1)?.slice(0, 14);
  let at = now.getTime();
  if (last && /^\d{14}$/.test(last) && timestamp(now) <= last) at = parseTimestamp(last) + 1000;
  return `${timestamp(new Date(at))}_${name}`;
}

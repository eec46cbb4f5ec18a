import { Prisma } from './prisma/__generated__/client';

/**
 * `a, b, c` of uuid parameters, for `IN (…)`: array parameters are not mapped alike by every
 * driver adapter (the same choice as posts).
 */
export const uuidList = (ids: readonly string[]): Prisma.Sql => Prisma.join(ids.map((id) => Prisma.sql`${id}::uuid`));

/** A uuid[] literal from parameters (`ARRAY[]::uuid[]` when empty). */
export const uuidArray = (ids: readonly string[]): Prisma.Sql =>
  ids.length === 0 ? Prisma.sql`ARRAY[]::uuid[]` : Prisma.sql`ARRAY[${uuidList(ids)}]::uuid[]`;

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

import { join, sqltag as sql, type Sql } from '@prisma/client/runtime/client';

/**
 * Batches of ids in raw SQL. Both build on the one Prisma runtime every generated client shares,
 * so the fragments embed in any context's `$queryRaw` template. Array parameters are not mapped
 * alike by every driver adapter (pg vs PGlite), hence one bind parameter per id.
 */

/** `$1::uuid, $2::uuid, …`: for `IN (…)`. */
export const uuidList = (ids: readonly string[]): Sql => join(ids.map((id) => sql`${id}::uuid`));

/** `(VALUES ($1::uuid), ($2::uuid), …)`: a batch of ids as a relation (to join against, keeping duplicates out of the plan). */
export const uuidValues = (ids: readonly string[]): Sql => sql`(VALUES ${join(ids.map((id) => sql`(${id}::uuid)`))})`;

/** A `uuid[]` from one bind parameter per id (`ARRAY[]::uuid[]` when empty), for uuid[] columns and `unnest`. */
export const uuidArray = (ids: readonly string[]): Sql => (ids.length === 0 ? sql`ARRAY[]::uuid[]` : sql`ARRAY[${uuidList(ids)}]::uuid[]`);

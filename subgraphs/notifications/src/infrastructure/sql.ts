import { uuidList } from '@agora/prisma-kit';
import { Prisma } from './prisma/__generated__/client';

/** A uuid[] literal from parameters (`ARRAY[]::uuid[]` when empty), for columns of type uuid[] and `unnest`. */
export const uuidArray = (ids: readonly string[]): Prisma.Sql =>
  ids.length === 0 ? Prisma.sql`ARRAY[]::uuid[]` : Prisma.sql`ARRAY[${uuidList(ids)}]::uuid[]`;

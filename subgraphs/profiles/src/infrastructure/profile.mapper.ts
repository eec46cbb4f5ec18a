import type { ProfileState } from '../domain/profile';
import type { Profile as ProfileRow } from './prisma/__generated__/client';

/** Row ↔ aggregate state. Column names are mapped by the Prisma schema. */
export const toProfileState = (row: ProfileRow): ProfileState => ({
  accountId: row.accountId,
  username: row.username,
  displayName: row.displayName,
  bio: row.bio,
  avatarUrl: row.avatarUrl,
  registeredAt: row.registeredAt,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
  version: row.version,
});

export const toProfileRow = (state: ProfileState): ProfileRow => ({ ...state });

import type { ProfileState } from '../domain/profile';
import type { ProfileView } from '../application/profile.view';
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

/** The columns the graph reads, selected alone so batch reads stay narrow. */
export const profileViewSelect = { accountId: true, displayName: true, bio: true, avatarUrl: true } as const;

export const toProfileView = (row: Pick<ProfileRow, keyof typeof profileViewSelect>): ProfileView => ({
  id: row.accountId,
  displayName: row.displayName,
  bio: row.bio,
  avatarUrl: row.avatarUrl,
});

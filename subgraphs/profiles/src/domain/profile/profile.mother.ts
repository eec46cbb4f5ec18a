import { avatarUrlSchema, bioSchema, displayNameSchema, type AvatarUrl, type Bio, type DisplayName } from './profile-fields';
import { Profile, type ProfileState } from './profile.aggregate';

/** Test data builders for profiles (used by domain and application tests). */
export const ACCOUNT_ID = '01935f0e-7a3c-7000-8000-000000000001';
export const T0 = new Date('2026-01-01T10:00:00.000Z');
export const T1 = new Date('2026-01-01T10:05:00.000Z');
export const T2 = new Date('2026-01-01T10:10:00.000Z');

export const displayName = (value: string): DisplayName => displayNameSchema.parse(value);
export const bio = (value: string): Bio => {
  const parsed = bioSchema.parse(value);
  if (parsed === null) throw new Error('bio() builds a non-empty bio');
  return parsed;
};
export const avatarUrl = (value: string): AvatarUrl => avatarUrlSchema.parse(value);

export function aProfileState(overrides: Partial<ProfileState> = {}): ProfileState {
  return {
    accountId: ACCOUNT_ID,
    username: 'ada',
    displayName: 'ada',
    bio: null,
    avatarUrl: null,
    registeredAt: T0,
    createdAt: T0,
    updatedAt: T0,
    version: 1,
    ...overrides,
  };
}

/** A stored, registered profile. */
export const aRegisteredProfile = (overrides: Partial<ProfileState> = {}): Profile => Profile.restore(aProfileState(overrides));

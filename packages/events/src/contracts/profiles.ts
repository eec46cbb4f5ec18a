import { z } from 'zod';
import type { EventContract } from '../envelope';

export const profileCreatedV1Schema = z.object({
  accountId: z.uuid(),
  displayName: z.string(),
});
export const profileUpdatedV1Schema = z.object({
  accountId: z.uuid(),
  displayName: z.string().nullable(),
  bio: z.string().nullable(),
  avatarUrl: z.string().nullable(),
});

export declare const ProfileCreatedV1: EventContract<'profiles.profile.created.v1', z.infer<typeof profileCreatedV1Schema>>;
export declare const ProfileUpdatedV1: EventContract<'profiles.profile.updated.v1', z.infer<typeof profileUpdatedV1Schema>>;

import { z } from 'zod';
import { uuid } from './id';
import { defineEvent, type EventContract } from '../envelope';
import { STREAMS } from '../streams';

export const profileCreatedV1Schema = z.object({
  accountId: uuid(),
  displayName: z.string(),
});
export const profileUpdatedV1Schema = z.object({
  accountId: uuid(),
  displayName: z.string().nullable(),
  bio: z.string().nullable(),
  avatarUrl: z.string().nullable(),
});

export const ProfileCreatedV1: EventContract<'profiles.profile.created.v1', z.infer<typeof profileCreatedV1Schema>> = defineEvent({
  type: 'profiles.profile.created.v1',
  stream: STREAMS.PROFILES.name,
  description: "A profile was created for a new account; displayName starts as the account's username.",
  schema: profileCreatedV1Schema,
});

export const ProfileUpdatedV1: EventContract<'profiles.profile.updated.v1', z.infer<typeof profileUpdatedV1Schema>> = defineEvent({
  type: 'profiles.profile.updated.v1',
  stream: STREAMS.PROFILES.name,
  description: 'A profile changed; carries the full new state of the editable fields (null = cleared).',
  schema: profileUpdatedV1Schema,
});

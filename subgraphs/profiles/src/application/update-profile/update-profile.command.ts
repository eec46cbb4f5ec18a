import { defineCommand } from '@agora/context-runtime';
import { z } from 'zod';
import { avatarUrlSchema, bioSchema, displayNameSchema, Profile } from '../../domain/profile';
import type { TransactionScope } from '../ports';
import { toProfileView, type ProfileView } from '../profile.view';

/**
 * `UpdateProfileInput`: an omitted field stays as it is, an explicit null clears it (the display
 * name resets to the username instead). Field names match the GraphQL input, so the first issue's
 * path is the `extensions.field` the client sees.
 */
const updateProfileInputSchema = z.object({
  displayName: displayNameSchema.nullable().optional(),
  bio: bioSchema.nullable().optional(),
  avatarUrl: avatarUrlSchema.nullable().optional(),
});

/**
 * `updateProfile`: applies the input to the viewer's own profile — starting the profile if
 * identity's registration event has not arrived yet — and writes ProfileUpdated to the outbox in
 * the same transaction. Nothing is written when nothing changes. A lost race is retried by the
 * unit of work (retry-on-conflict.ts).
 */
export const updateProfile = defineCommand({
  name: 'updateProfile',
  input: updateProfileInputSchema,
  viewer: 'required',
  async handle({ input: changes, actor, metadata, now }, { profiles, profileImages, outbox }: TransactionScope): Promise<ProfileView> {
    const profile =
      (await profiles.findById(actor.id)) ?? Profile.startedByOwner({ accountId: actor.id, knownUsername: actor.username, at: now });
    if (profile.update(changes, now)) {
      await profiles.save(profile);
      await outbox.append(profile.pullEvents(), metadata);
    }
    return toProfileView(profile, await profileImages.hasAvatar(actor.id));
  },
});

import { mutation } from '@agora/context-runtime';
import { markNotificationsSeen } from '../../application/mark-notifications-seen/mark-notifications-seen.command';
import { unsubscribeEmail } from '../../application/unsubscribe-email/unsubscribe-email.command';
import { updateSettings } from '../../application/update-settings/update-settings.command';
import type { MutationResolvers } from '../__generated__/resolvers-types';

/** One line per mutation: the command pipeline does the rest (and forgets this request's loaders after it). */
export const Mutation: MutationResolvers = {
  markNotificationsSeen: mutation(markNotificationsSeen),
  updateSettings: mutation(updateSettings),
  unsubscribeEmail: mutation(unsubscribeEmail),
};

import { hasRole } from '@agora/service-kit';
import type { AuthPayloadResolvers, UserResolvers } from '../__generated__/resolvers-types';

export const User: UserResolvers = {
  // Batched: N references in one `_entities` request cost one SQL statement.
  __resolveReference: (reference, { loaders }) => loaders.userById.load(reference.id),
  // Private to its owner: the viewer (signed-in), or whoever just authenticated in this response.
  email: (user, _args, { viewer }) => (user.emailVisible || viewer?.userId === user.id ? user.email : null),
  // Same rule; loaded with the rest of the account (the batched userById), no extra query.
  emailVerified: (user, _args, { viewer }) => (user.emailVisible || viewer?.userId === user.id ? user.emailVerifiedAt !== null : null),
  // The owner, and moderators / admins (who act on roles and reports).
  role: (user, _args, { viewer }) => (user.emailVisible || viewer?.userId === user.id || hasRole(viewer, 'MODERATOR') ? user.role : null),
};

export const AuthPayload: AuthPayloadResolvers = {
  user: (session) => ({ ...session.account, emailVisible: true }),
};

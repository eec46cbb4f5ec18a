import type { Role } from '../domain/account/role';

/** An account as readers see it (the GraphQL `User` maps to this). */
export interface AccountView {
  id: string;
  email: string;
  username: string;
  createdAt: Date;
  /** When the email was confirmed (verification link, password reset, or a provider that vouches for it); null while unverified. */
  emailVerifiedAt: Date | null;
  /** The access token's `role` claim; `User.role` (self, moderators, admins). */
  role: Role;
  /** Suspension facts from moderation (see domain/account/suspension.ts). */
  suspendedAt: Date | null;
  suspendedUntil: Date | null;
}

/** What a successful register / login / refresh returns (GraphQL `AuthPayload`). */
export interface AuthSession {
  accessToken: string;
  refreshToken: string;
  /** Expiry of the access token. */
  expiresAt: Date;
  account: AccountView;
}

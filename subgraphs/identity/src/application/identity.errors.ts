import { DomainError } from '@agora/kernel';

/**
 * Every expected failure identity reports (kernel DomainErrors, which the command pipeline and
 * the subgraph server pass to the client as they are), in one place so codes and messages stay stable.
 * Unknown login and wrong password share one error on purpose: telling them apart would let
 * anyone probe which emails and usernames are registered.
 */
export const IdentityErrors = {
  emailTaken: () => new DomainError('CONFLICT', 'IDENTITY.EMAIL_TAKEN', 'An account with this email already exists.', 'email'),
  usernameTaken: () => new DomainError('CONFLICT', 'IDENTITY.USERNAME_TAKEN', 'This username is taken.', 'username'),
  invalidCredentials: () => new DomainError('UNAUTHENTICATED', 'IDENTITY.INVALID_CREDENTIALS', 'The login or password is incorrect.'),
  tooManyAttempts: (retryAfter: number) =>
    new DomainError('RATE_LIMITED', 'IDENTITY.TOO_MANY_ATTEMPTS', 'Too many failed sign-in attempts. Try again later.', 'login', {
      retryAfter,
    }),
  rateLimited: (retryAfter: number) =>
    new DomainError('RATE_LIMITED', 'IDENTITY.RATE_LIMITED', `Too many requests. Try again in ${retryAfter} seconds.`, undefined, {
      retryAfter,
    }),
  verificationTokenInvalid: () =>
    new DomainError(
      'BAD_USER_INPUT',
      'IDENTITY.VERIFICATION_TOKEN_INVALID',
      'This verification link is not valid or has expired. Ask for a new one.',
      'token',
    ),
  resetTokenInvalid: () =>
    new DomainError(
      'BAD_USER_INPUT',
      'IDENTITY.RESET_TOKEN_INVALID',
      'This reset link is not valid or has expired. Ask for a new one.',
      'token',
    ),
  wrongCurrentPassword: () =>
    new DomainError('UNAUTHENTICATED', 'IDENTITY.INVALID_CREDENTIALS', 'The current password is incorrect.', 'currentPassword'),
  samePassword: () =>
    new DomainError('BAD_USER_INPUT', 'IDENTITY.PASSWORD_UNCHANGED', 'The new password must differ from the current one.', 'newPassword'),
  refreshTokenInvalid: () =>
    new DomainError('UNAUTHENTICATED', 'IDENTITY.REFRESH_TOKEN_INVALID', 'The refresh token is not valid. Sign in again.'),
  refreshTokenExpired: () =>
    new DomainError('UNAUTHENTICATED', 'IDENTITY.REFRESH_TOKEN_EXPIRED', 'The session has expired. Sign in again.'),
  sessionRevoked: () => new DomainError('UNAUTHENTICATED', 'IDENTITY.SESSION_REVOKED', 'The session has ended. Sign in again.'),
  refreshTokenReused: () =>
    new DomainError(
      'UNAUTHENTICATED',
      'IDENTITY.REFRESH_TOKEN_REUSED',
      'This refresh token was already used; the session has been ended for safety. Sign in again.',
    ),
  // ── roles and suspension (issue #12) ──
  /**
   * Only after the password (or the session, or the provider) was verified: a wrong password never
   * learns this. The end is in the message (kernel DomainErrors carry no free-form extensions).
   */
  suspended: (until: Date | null) =>
    new DomainError(
      'FORBIDDEN',
      'IDENTITY.SUSPENDED',
      until ? `This account is suspended until ${until.toISOString()}.` : 'This account is suspended.',
    ),
  adminRequired: () => new DomainError('FORBIDDEN', 'IDENTITY.ADMIN_REQUIRED', 'Only an admin may change roles.'),
  ownRole: () => new DomainError('FORBIDDEN', 'IDENTITY.OWN_ROLE', 'You cannot change your own role.', 'userId'),
  lastAdmin: () =>
    new DomainError('CONFLICT', 'IDENTITY.LAST_ADMIN', 'This is the last admin: make another account ADMIN first.', 'userId'),
  userNotFound: () => new DomainError('NOT_FOUND', 'IDENTITY.USER_NOT_FOUND', 'There is no such user.', 'userId'),
  // ── external sign-in (startOAuth / completeOAuth) ──
  oauthProviderNotConfigured: (provider?: string) =>
    new DomainError(
      'FORBIDDEN',
      'IDENTITY.OAUTH_PROVIDER_NOT_CONFIGURED',
      provider ? `Sign-in with ${providerLabel(provider)} is not set up on this server.` : 'External sign-in is not set up on this server.',
    ),
  oauthRedirectUriNotAllowed: () =>
    new DomainError(
      'BAD_USER_INPUT',
      'IDENTITY.OAUTH_REDIRECT_URI_NOT_ALLOWED',
      'This redirect URI is not one of the configured OAuth redirect URIs.',
      'redirectUri',
    ),
  oauthStateInvalid: () =>
    new DomainError('UNAUTHENTICATED', 'IDENTITY.OAUTH_STATE_INVALID', 'This sign-in has expired or was already used. Start again.'),
  oauthFailed: () => new DomainError('UNAUTHENTICATED', 'IDENTITY.OAUTH_FAILED', 'The provider did not confirm the sign-in. Start again.'),
  oauthProviderUnavailable: () =>
    new DomainError(
      'UNAUTHENTICATED',
      'IDENTITY.OAUTH_PROVIDER_UNAVAILABLE',
      'The sign-in provider cannot be reached right now. Try again later.',
    ),
  oauthEmailMissing: () =>
    new DomainError(
      'FORBIDDEN',
      'IDENTITY.OAUTH_EMAIL_MISSING',
      'The provider did not share an email address, which an Agora account needs.',
    ),
  oauthEmailTaken: () =>
    new DomainError(
      'CONFLICT',
      'IDENTITY.OAUTH_EMAIL_TAKEN',
      'An account with this email already exists, and the provider has not verified the address. Sign in with your password to use this account.',
    ),
} as const;

function providerLabel(provider: string): string {
  return provider === 'GITHUB' ? 'GitHub' : provider === 'GOOGLE' ? 'Google' : provider;
}

/** The columns of an AccountView (every read of an account selects these). */
export const accountView = {
  id: true,
  email: true,
  username: true,
  createdAt: true,
  emailVerifiedAt: true,
  role: true,
  suspendedAt: true,
  suspendedUntil: true,
} as const;

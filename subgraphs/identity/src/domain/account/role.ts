/** Platform roles, lowest first: a moderator may do what a member may, an admin what a moderator may. */
export const ROLES = ['MEMBER', 'MODERATOR', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];

/** The role new accounts get. */
export const DEFAULT_ROLE: Role = 'MEMBER';

import { normaliseUsernameForLookup } from './username';

/** What someone typed into the single "email or username" box. */
export type LoginIdentifier = { kind: 'email'; email: string } | { kind: 'username'; username: string };

/** Usernames cannot contain `@`, so its presence decides. Both forms compare lowercased. */
export function parseLoginIdentifier(raw: string): LoginIdentifier {
  const normalised = raw.trim().toLowerCase();
  return normalised.includes('@')
    ? { kind: 'email', email: normalised }
    : { kind: 'username', username: normaliseUsernameForLookup(normalised) };
}

/** The key failed attempts are counted under: the same person typing `Ana` or ` ana ` counts once. */
export function throttleKeyOf(identifier: LoginIdentifier): string {
  return identifier.kind === 'email' ? `email:${identifier.email}` : `username:${identifier.username}`;
}

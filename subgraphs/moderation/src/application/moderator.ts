import { hasRole } from '@agora/service-kit';
import { DomainError } from '@agora/kernel';
import type { Role } from '../domain/suspension/suspension';

/**
 * Defence in depth: the graph's `@requiresRole(role: MODERATOR)` refuses non-moderators before a
 * command runs; every moderator command checks the viewer's role (from the signed identity header)
 * again, with the same refusal (FORBIDDEN AUTH.ROLE_REQUIRED).
 */
export function requireModerator(actorRole: Role): void {
  const role = actorRole === 'MEMBER' ? undefined : actorRole;
  if (!hasRole({ role }, 'MODERATOR')) throw new DomainError('FORBIDDEN', 'AUTH.ROLE_REQUIRED', 'Moderators only');
}

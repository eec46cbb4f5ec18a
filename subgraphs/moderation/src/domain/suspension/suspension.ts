import { MAX_SUSPEND_DAYS, ModerationError } from '../moderation.errors';

/** Platform roles, lowest first (identity's; moderation keeps a replica). */
export type Role = 'MEMBER' | 'MODERATOR' | 'ADMIN';

/** How the API spells "indefinitely" in `User.suspendedUntil`. */
export const INDEFINITE = new Date('9999-12-31T23:59:59.000Z');

const DAY_MS = 24 * 60 * 60 * 1000;

/** A suspension as recorded: until a date, or indefinitely (`until` null). */
export interface Suspension {
  userId: string;
  until: Date | null;
  reason: string;
  moderatorId: string;
  reportId: string | null;
  suspendedAt: Date;
}

/** When a suspension of `days` from `now` ends: null (indefinitely) when days are omitted; 1..3650 days otherwise. */
export function suspensionEnd(now: Date, days: number | null | undefined, field = 'days'): Date | null {
  if (days === null || days === undefined) return null;
  if (!Number.isInteger(days) || days < 1 || days > MAX_SUSPEND_DAYS) throw ModerationError.invalidDays(field);
  return new Date(now.getTime() + days * DAY_MS);
}

/**
 * Who may suspend whom: nobody themself (MODERATION.CANNOT_SUSPEND); a moderator only members,
 * an admin anyone else. `targetRole` is moderation's replica of identity's role (MEMBER when unknown).
 */
export function checkCanSuspend(actor: { id: string; role: Role }, target: { id: string; role: Role }, field = 'userId'): void {
  if (actor.id === target.id) throw ModerationError.cannotSuspendSelf(field);
  if (target.role !== 'MEMBER' && actor.role !== 'ADMIN') throw ModerationError.cannotSuspendStaff(field);
}

/** Whether the suspension is in force at `now`. */
export const isActive = (suspension: Pick<Suspension, 'until'> | null, now: Date): boolean =>
  suspension !== null && (suspension.until === null || suspension.until.getTime() > now.getTime());

/** `User.suspendedUntil` at `now`: null when not suspended or expired, INDEFINITE for an open-ended one. */
export function suspendedUntil(suspension: Pick<Suspension, 'until'> | null, now: Date): Date | null {
  if (!isActive(suspension, now)) return null;
  return suspension!.until ?? INDEFINITE;
}

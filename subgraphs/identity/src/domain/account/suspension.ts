/** What identity knows of an account's suspension (from moderation's events). */
export interface SuspensionFacts {
  /** Set while a suspension is recorded; null = not suspended. */
  suspendedAt: Date | null;
  /** End of the suspension; null with `suspendedAt` set = until a moderator lifts it. */
  suspendedUntil: Date | null;
}

/**
 * The suspension in force at `now`, or null: none recorded, or one whose `until` has passed (it
 * simply stops applying; nothing has to clear it).
 */
export function suspensionInForce(facts: SuspensionFacts, now: Date): { until: Date | null } | null {
  if (facts.suspendedAt === null) return null;
  if (facts.suspendedUntil !== null && facts.suspendedUntil.getTime() <= now.getTime()) return null;
  return { until: facts.suspendedUntil };
}

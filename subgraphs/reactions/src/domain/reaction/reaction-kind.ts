/** The reactions a user can give, in the order the API lists totals (the GraphQL enum's order). */
export const REACTION_KINDS = ['LIKE', 'LOVE', 'LAUGH', 'WOW', 'SAD', 'ANGRY'] as const;

export type ReactionKind = (typeof REACTION_KINDS)[number];

export function isReactionKind(value: unknown): value is ReactionKind {
  return typeof value === 'string' && (REACTION_KINDS as readonly string[]).includes(value);
}

/** How many users gave one kind of reaction to a subject. */
export interface ReactionCount {
  kind: ReactionKind;
  count: number;
}

/**
 * A subject's totals as the API shows them: one entry per kind that has at least one reaction,
 * in REACTION_KINDS order, whatever order (and duplicates) the counts come in.
 */
export function reactionTotals(counts: Iterable<ReactionCount>): ReactionCount[] {
  const byKind = new Map<ReactionKind, number>();
  for (const { kind, count } of counts) byKind.set(kind, (byKind.get(kind) ?? 0) + count);
  return REACTION_KINDS.filter((kind) => (byKind.get(kind) ?? 0) > 0).map((kind) => ({ kind, count: byKind.get(kind)! }));
}

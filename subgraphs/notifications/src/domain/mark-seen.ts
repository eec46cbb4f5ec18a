import { canonicalUuid } from '@agora/kernel';
import { z } from 'zod';
import { NotificationsError } from './notifications.errors';

export const MAX_MARK_SEEN_IDS = 100;

/** Which notifications to mark seen: the given ids (canonical, distinct), or all of them. */
export type SeenSelection = { all: true } | { all: false; ids: string[] };

// Client input: the ids are made canonical here, where they are parsed.
const idsSchema = z.array(z.uuid().transform(canonicalUuid)).max(MAX_MARK_SEEN_IDS);

/** `ids` omitted (or null) = all; otherwise 0–100 notification ids, each a UUID. */
export function seenSelection(ids: readonly string[] | null | undefined): SeenSelection {
  if (ids === null || ids === undefined) return { all: true };
  if (ids.length > MAX_MARK_SEEN_IDS) throw NotificationsError.invalidIds(`at most ${MAX_MARK_SEEN_IDS} ids at once`);
  const parsed = idsSchema.safeParse(ids);
  if (!parsed.success) throw NotificationsError.invalidIds('every id must be a notification id');
  return { all: false, ids: [...new Set(parsed.data)] };
}

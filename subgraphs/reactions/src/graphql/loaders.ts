import type { Reader } from '@agora/audience';
import DataLoader from 'dataloader';
import { z } from 'zod';
import type { ReactionCount, ReactionKind } from '../domain/reaction/reaction-kind';
import type { SubjectType } from '../domain/reaction/subject';
import type { PrismaReactionQueries } from '../infrastructure/prisma-reaction.queries';

export interface ReactionsLoaders {
  /** Totals per subject as the viewer may see them: every subject of a type asked for in one tick → one statement. */
  totals: Record<SubjectType, DataLoader<string, ReactionCount[]>>;
  /** The viewer's reaction per subject (null without a viewer, without SQL). */
  viewerReaction: Record<SubjectType, DataLoader<string, ReactionKind | null>>;
  /** Forgets everything loaded so far: a mutation changed the data. */
  clearAll(): void;
}

const isUuid = (value: string) => z.uuid().safeParse(value).success;

/**
 * Batches keyed by ids as clients send them: ids that are not UUIDs cannot exist and are kept
 * out of the SQL (one would make Postgres reject the whole batch); the rest are compared in lower
 * case, as Postgres prints uuids.
 */
function batch<V>(fallback: V, load: (ids: string[]) => Promise<Map<string, V>>): DataLoader<string, V> {
  return new DataLoader<string, V>(
    async (keys) => {
      const ids = [...new Set(keys.filter(isUuid).map((id) => id.toLowerCase()))];
      const found = ids.length > 0 ? await load(ids) : new Map<string, V>();
      return keys.map((key) => found.get(key.toLowerCase()) ?? fallback);
    },
    { maxBatchSize: 1000 },
  );
}

/** Created per request (in createContext) so nothing is cached across viewers or requests. */
export function createLoaders(queries: PrismaReactionQueries, viewerId: string | null): ReactionsLoaders {
  const viewer = viewerId && isUuid(viewerId) ? viewerId.toLowerCase() : null;
  const reader: Reader = viewer ? { userId: viewer } : null;
  const totals = (type: SubjectType) => batch<ReactionCount[]>([], (ids) => queries.totals(type, ids, reader));
  const viewerReaction = (type: SubjectType) =>
    batch<ReactionKind | null>(null, async (ids) => (viewer ? queries.viewerReactions(type, ids, viewer) : new Map()));
  const loaders = {
    totals: { POST: totals('POST'), COMMENT: totals('COMMENT') },
    viewerReaction: { POST: viewerReaction('POST'), COMMENT: viewerReaction('COMMENT') },
  };
  return {
    ...loaders,
    clearAll() {
      for (const group of Object.values(loaders)) for (const loader of Object.values(group)) loader.clearAll();
    },
  };
}

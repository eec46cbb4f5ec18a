import type { Reader } from '@agora/audience';
import { RequestLoaders, uuidBatchLoader, viewerIdOf } from '@agora/service-kit';
import type DataLoader from 'dataloader';
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

/** Created per request (in createContext) so nothing is cached across viewers or requests. */
export function createLoaders(queries: PrismaReactionQueries, viewerId: string | null): ReactionsLoaders {
  const viewer = viewerIdOf(viewerId ? { userId: viewerId } : null);
  const reader: Reader = viewer ? { userId: viewer } : null;
  const loaders = new RequestLoaders();
  const batch = <V>(fallback: V, load: (ids: string[]) => Promise<Map<string, V>>) => loaders.track(uuidBatchLoader(fallback, load));
  const totals = (type: SubjectType) => batch<ReactionCount[]>([], (ids) => queries.totals(type, ids, reader));
  const viewerReaction = (type: SubjectType) =>
    batch<ReactionKind | null>(null, async (ids) => (viewer ? queries.viewerReactions(type, ids, viewer) : new Map()));
  return {
    totals: { POST: totals('POST'), COMMENT: totals('COMMENT') },
    viewerReaction: { POST: viewerReaction('POST'), COMMENT: viewerReaction('COMMENT') },
    clearAll: () => loaders.clearAll(),
  };
}

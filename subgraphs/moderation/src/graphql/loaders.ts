import { RequestLoaders, uuidBatchLoader } from '@agora/service-kit';
import type { Clock } from '@agora/kernel';
import type DataLoader from 'dataloader';
import type { ReportView } from '../application/views';
import type { ReportStatus } from '../domain/report/report';
import { suspendedUntil } from '../domain/suspension/suspension';
import type { PrismaModerationQueries } from '../infrastructure/prisma-moderation.queries';
import type { ReportPage } from './report-page';

export interface ModerationLoaders {
  /** A report the viewer may read (their own, or any for a moderator), by id; null otherwise. */
  reportById: DataLoader<string, ReportView | null>;
  /** One loader per (status, page), keyed by author id: every user asking for that page in one tick → one statement. */
  reportsAbout(status: ReportStatus, page: ReportPage): DataLoader<string, ReportView[]>;
  /** `User.suspendedUntil` as of now (null when not suspended or expired). */
  suspendedUntil: DataLoader<string, Date | null>;
  /** Forgets everything loaded so far: a mutation changed the data. */
  clearAll(): void;
}

/** Created per request so nothing is cached across viewers or requests. */
export function createLoaders(
  queries: PrismaModerationQueries,
  reader: { viewerId: string | null; moderator: boolean },
  clock: Clock,
): ModerationLoaders {
  const loaders = new RequestLoaders();
  return {
    reportById: loaders.track(
      uuidBatchLoader<ReportView | null>(null, (ids) =>
        queries.reportsByIds(ids, { viewerId: reader.viewerId, everyone: reader.moderator }),
      ),
    ),
    reportsAbout: (status, page) =>
      loaders.perKey(`about:${status}:${page.key}`, () =>
        uuidBatchLoader<ReportView[]>([], (ids) => queries.reportsAbout(ids, status, page.first + 1, page.after)),
      ),
    suspendedUntil: loaders.track(
      uuidBatchLoader<Date | null>(null, async (ids) => {
        const now = clock.now();
        const found = await queries.suspensions(ids);
        return new Map([...found].map(([id, suspension]) => [id, suspendedUntil(suspension, now)]));
      }),
    ),
    clearAll: () => loaders.clearAll(),
  };
}

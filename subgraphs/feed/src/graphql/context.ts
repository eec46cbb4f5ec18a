import type { BaseContext } from '@agora/service-kit';
import type { PrismaFeedQueries } from '../infrastructure/prisma-feed.queries';

/** Per-request context: the verified viewer (service-kit) and the read side. */
export interface FeedContext extends BaseContext {
  queries: PrismaFeedQueries;
}

import type { CommandPipeline } from '@agora/context-runtime';
import type { BaseContext } from '@agora/service-kit';
import type { TransactionScope } from '../application/ports';
import type { PrismaSocialQueries } from '../infrastructure/prisma-social.queries';
import type { SocialLoaders } from './loaders';

/** Per-request context: the verified viewer (service-kit), fresh DataLoaders, the command pipeline. */
export interface SocialContext extends BaseContext {
  commands: CommandPipeline<TransactionScope>;
  queries: PrismaSocialQueries;
  /** Per request: batching and caching live only as long as one operation. */
  loaders: SocialLoaders;
}

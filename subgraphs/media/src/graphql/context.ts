import type { CommandPipeline } from '@agora/context-runtime';
import type { BaseContext } from '@agora/service-kit';
import type { TransactionScope } from '../application/ports';
import type { MediaItemView } from '../application/views';
import type { MediaLoaders } from './loaders';

/** Signed file URLs for items the viewer may see (visibility was decided where the item was read). */
export interface FileUrls {
  /** The served file; null unless READY. */
  original(item: MediaItemView): string | null;
  /** The thumbnail; null unless READY with one. */
  thumbnail(item: MediaItemView): string | null;
}

/** Per-request context: the verified viewer (service-kit), fresh DataLoaders, the command pipeline, the URL signer. */
export interface MediaContext extends BaseContext {
  commands: CommandPipeline<TransactionScope>;
  /** Per request: batching and caching live only as long as one operation, for one viewer. */
  loaders: MediaLoaders;
  files: FileUrls;
}

import type { CommandPipeline } from '@agora/context-runtime';
import type { BaseContext } from '@agora/service-kit';
import type { TransactionScope } from '../application/ports';
import type { Loaders } from './loaders';

/** Per-request context: the verified viewer (service-kit), fresh DataLoaders, the command pipeline, media's public origin. */
export interface ProfilesContext extends BaseContext {
  loaders: Loaders;
  commands: CommandPipeline<TransactionScope>;
  /** Origin of media's public routes (MEDIA_PUBLIC_URL), for the deprecated `avatarUrl`. */
  mediaPublicUrl: string;
}

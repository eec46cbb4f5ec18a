import type { BaseContext } from '@agora/service-kit';
import type { ReactHandler } from '../application/react/react.handler';
import type { UnreactHandler } from '../application/unreact/unreact.handler';
import type { ReactionsLoaders } from './loaders';

/** Use cases, built once per process. */
export interface ReactionsCommands {
  react: ReactHandler;
  unreact: UnreactHandler;
}

/** Per-request context: the verified viewer (service-kit), fresh DataLoaders, the use cases. */
export interface ReactionsContext extends BaseContext {
  commands: ReactionsCommands;
  /** Per request: batching and caching live only as long as one operation. */
  loaders: ReactionsLoaders;
}

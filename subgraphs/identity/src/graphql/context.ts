import type { CommandPipeline } from '@agora/context-runtime';
import type { BaseContext } from '@agora/service-kit';
import type { IdentityPorts } from '../application/ports';
import type { IdentityLoaders } from './loaders';

/** Per-request context: the verified viewer (service-kit), fresh DataLoaders, the command pipeline (shared by every request). */
export interface IdentityContext extends BaseContext {
  commands: CommandPipeline<IdentityPorts>;
  loaders: IdentityLoaders;
}

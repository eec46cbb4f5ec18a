import type { BaseContext } from '@agora/service-kit';
import type { UpdateProfileHandler } from '../application/update-profile/update-profile.handler';
import type { Loaders } from './loaders';

/** Per-request context: the verified viewer (service-kit), fresh DataLoaders, the use cases. */
export interface ProfilesContext extends BaseContext {
  loaders: Loaders;
  useCases: { updateProfile: UpdateProfileHandler };
}

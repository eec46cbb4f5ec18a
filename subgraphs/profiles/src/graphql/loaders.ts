import { RequestLoaders, uuidBatchLoader } from '@agora/service-kit';
import type DataLoader from 'dataloader';
import type { ProfileView } from '../application/profile.view';
import type { PrismaProfileReader } from '../infrastructure/prisma-profile.reader';

export interface Loaders {
  /**
   * `User` profile fields by account id: every id asked for in one tick → one SQL statement. Null
   * when the user has no profile (yet), or the id is not a UUID (it cannot name anyone).
   */
  profileById: DataLoader<string, ProfileView | null>;
  /** Forgets what this request loaded (after a command). */
  clearAll(): void;
}

/** Created per request (in createContext) so nothing is cached across viewers or requests. */
export function createLoaders(reader: PrismaProfileReader): Loaders {
  const loaders = new RequestLoaders();
  return {
    profileById: loaders.track(uuidBatchLoader<ProfileView | null>(null, (ids) => reader.findViews(ids))),
    clearAll: () => loaders.clearAll(),
  };
}

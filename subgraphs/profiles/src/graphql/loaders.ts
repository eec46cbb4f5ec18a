import DataLoader from 'dataloader';
import type { ProfileView } from '../application/profile.view';
import type { PrismaProfileReader } from '../infrastructure/prisma-profile.reader';

export interface Loaders {
  /** `User` profile fields by account id: every id asked for in one tick → one SQL statement. */
  profileById: DataLoader<string, ProfileView>;
}

/** Created per request (in createContext) so nothing is cached across viewers or requests. */
export function createLoaders(reader: PrismaProfileReader): Loaders {
  return {
    profileById: new DataLoader((ids: readonly string[]) => reader.findViews(ids), { maxBatchSize: 1000 }),
  };
}

import { RequestLoaders, uuidBatchLoader } from '@agora/service-kit';
import DataLoader from 'dataloader';
import type { AccountReader } from '../application/ports';
import type { AccountView } from '../application/read-models';

export interface IdentityLoaders {
  userById: DataLoader<string, AccountView | null>;
  userByUsername: DataLoader<string, AccountView | null>;
  /** Forgets what this request loaded (after a command). */
  clearAll(): void;
}

/** Per request, so a batch never mixes viewers and nothing is cached across requests. */
export function createLoaders(reader: AccountReader): IdentityLoaders {
  const loaders = new RequestLoaders();
  return {
    userById: loaders.track(uuidBatchLoader<AccountView | null>(null, async (ids) => byKey(await reader.findByIds(ids), (a) => a.id))),
    userByUsername: loaders.track(
      new DataLoader<string, AccountView | null>(async (usernames) => {
        const found = byKey(await reader.findByUsernames(usernames), (a) => a.username);
        return usernames.map((username) => found.get(username) ?? null);
      }),
    ),
    clearAll: () => loaders.clearAll(),
  };
}

const byKey = <T>(rows: T[], keyOf: (row: T) => string): Map<string, T> => new Map(rows.map((row) => [keyOf(row), row]));

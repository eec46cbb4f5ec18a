import DataLoader from 'dataloader';
import type { AccountReader } from '../application/ports';
import type { AccountView } from '../application/read-models';

export interface IdentityLoaders {
  userById: DataLoader<string, AccountView | null>;
  userByUsername: DataLoader<string, AccountView | null>;
}

/** Per request, so a batch never mixes viewers and nothing is cached across requests. */
export function createLoaders(reader: AccountReader): IdentityLoaders {
  return {
    userById: new DataLoader(async (ids) => byKey(ids, await reader.findByIds(ids), (a) => a.id)),
    userByUsername: new DataLoader(async (usernames) => byKey(usernames, await reader.findByUsernames(usernames), (a) => a.username)),
  };
}

function byKey<T>(keys: readonly string[], rows: T[], keyOf: (row: T) => string): (T | null)[] {
  const found = new Map(rows.map((row) => [keyOf(row), row]));
  return keys.map((key) => found.get(key) ?? null);
}
